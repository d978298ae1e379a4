package dev.charter.agent.passport;

import static dev.charter.agent.instrument.Hook.ENTERED;
import static dev.charter.agent.instrument.Hook.THIS;
import static dev.charter.agent.instrument.Hook.argument;
import static dev.charter.agent.instrument.Hook.call;

import com.sun.net.httpserver.HttpExchange;
import dev.charter.HttpPassports;
import dev.charter.agent.instrument.Hook;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * Carries passports over HTTP with no change to the application: the JDK's {@code HttpClient}
 * (sync and async) and {@code HttpURLConnection} add header {@code Charter-Passport} to requests
 * from a bound thread to a {@code propagate} URL; the JDK's {@code com.sun.net.httpserver} filter
 * chain and Jakarta's {@code HttpServlet#service} bind a request's passport while it is handled.
 * Installed only when passports are configured. The hooks call {@link HttpPassports}, in the boot
 * loader, which reads the messages through {@link Messages}.
 */
public final class PassportInstrumentation {

    private static final String PASSPORTS = "dev/charter/HttpPassports";
    private static final String UNCARRIED = "its requests travel without passports, or run unbound";
    private static final Hook.Call CARRY_REQUEST = call(PASSPORTS, "carry", "(Ljava/lang/Object;)Ljava/lang/Object;",
            argument(0)).replacing(0);
    private static final Hook.Call CARRY_CONNECTION = call(PASSPORTS, "carry", "(Ljava/lang/Object;)Ljava/lang/Object;", THIS);
    private static final Hook.Call SERVE = call(PASSPORTS, "serve", "(Ljava/lang/Object;)Ljava/lang/Object;", argument(0));
    private static final Hook.Call SERVED = call(PASSPORTS, "exit", "(Ljava/lang/Object;)V", ENTERED);

    private PassportInstrumentation() {
    }

    /** The hooks into the HTTP classes. */
    public static List<Hook> hooks() {
        String client = "jdk/internal/net/http/HttpClientFacade";
        String connection = "sun/net/www/protocol/http/HttpURLConnection";
        return List.of(
                Hook.in(client, "send", "(Ljava/net/http/HttpRequest;").atEntry(CARRY_REQUEST).consequence(UNCARRIED),
                Hook.in(client, "sendAsync", "(Ljava/net/http/HttpRequest;").atEntry(CARRY_REQUEST).consequence(UNCARRIED),
                // the ways in, each of which marks the connection as connecting and then frozen
                Hook.in(connection, "connect", "()").atEntry(CARRY_CONNECTION).consequence(UNCARRIED),
                Hook.in(connection, "getInputStream", "()").atEntry(CARRY_CONNECTION).consequence(UNCARRIED),
                Hook.in(connection, "getOutputStream", "()").atEntry(CARRY_CONNECTION).consequence(UNCARRIED),
                Hook.in("com/sun/net/httpserver/Filter$Chain", "doFilter", "(Lcom/sun/net/httpserver/HttpExchange;)")
                        .atEntry(SERVE).atEveryExit(SERVED).consequence(UNCARRIED),
                Hook.in("jakarta/servlet/http/HttpServlet", "service",
                        "(Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;)")
                        .atEntry(SERVE).atEveryExit(SERVED).consequence(UNCARRIED));
    }

    /** The JDK's HTTP messages by their types; a servlet request through its own API, which the application brings. */
    static final class Messages implements HttpPassports.Messages {

        private static final String SERVLET_REQUEST = "jakarta.servlet.http.HttpServletRequest";
        /** {@code HttpServletRequest#getHeader} as the class of a servlet request sees it; {@code null} for other classes. */
        private static final ClassValue<Method> GET_HEADER = new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                try {
                    Class<?> api = Class.forName(SERVLET_REQUEST, false, type.getClassLoader());
                    return api.isAssignableFrom(type) ? api.getMethod("getHeader", String.class) : null;
                } catch (ReflectiveOperationException | LinkageError e) {
                    return null;
                }
            }
        };

        @Override
        public String destination(Object message) {
            if (message instanceof HttpRequest request) {
                return request.headers().firstValue(HttpPassports.HEADER).isPresent() ? null : request.uri().toString();
            }
            if (message instanceof HttpURLConnection connection) {
                try {
                    return connection.getRequestProperty(HttpPassports.HEADER) != null ? null : connection.getURL().toString();
                } catch (IllegalStateException connected) {
                    return null;
                }
            }
            return null;
        }

        @Override
        public Object carrying(Object message, String passport) {
            if (message instanceof HttpRequest request) {
                return HttpRequest.newBuilder(request, HttpPassports.EVERY_HEADER).header(HttpPassports.HEADER, passport).build();
            }
            if (message instanceof HttpURLConnection connection) {
                try {
                    connection.setRequestProperty(HttpPassports.HEADER, passport);
                } catch (IllegalStateException connected) {
                    // connected already: its request has gone
                }
            }
            return message;
        }

        @Override
        public String passport(Object message) {
            if (message instanceof HttpExchange exchange) {
                return exchange.getRequestHeaders().getFirst(HttpPassports.HEADER);
            }
            Method getHeader = message == null ? null : GET_HEADER.get(message.getClass());
            try {
                return getHeader == null ? null : (String) getHeader.invoke(message, HttpPassports.HEADER);
            } catch (ReflectiveOperationException | ClassCastException e) {
                return null;
            }
        }
    }
}
