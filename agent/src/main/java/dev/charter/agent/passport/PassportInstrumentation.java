package dev.charter.agent.passport;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import com.sun.net.httpserver.HttpExchange;
import dev.charter.HttpPassports;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.instrument.Instrumentation;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Carries passports over HTTP with no change to the application: the JDK's {@code HttpClient}
 * (sync and async) and {@code HttpURLConnection} add header {@code Charter-Passport} to requests
 * from a bound thread to a {@code propagate} URL; the JDK's {@code com.sun.net.httpserver} filter
 * chain and Jakarta's {@code HttpServlet#service} bind a request's passport while it is handled.
 * Installed only when passports are configured.
 */
public final class PassportInstrumentation {

    private static final String CLIENT = "jdk.internal.net.http.HttpClientFacade";
    private static final String URL_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    private static final String SERVER_CHAIN = "com.sun.net.httpserver.Filter$Chain";
    private static final String SERVLET = "jakarta.servlet.http.HttpServlet";
    private static final Set<String> TARGETS = Set.of(CLIENT, URL_CONNECTION, SERVER_CHAIN, SERVLET);

    private PassportInstrumentation() {
    }

    /** The agent builder that rewrites those classes; they call {@link HttpPassports}, on the bootstrap class path. */
    public static AgentBuilder agentBuilder(Instrumentation instrumentation) {
        // described, never loaded: the agent's class loader has no servlet API, the application's may
        ClassFileLocator agent = ClassFileLocator.ForClassLoader.of(PassportInstrumentation.class.getClassLoader());
        Advice servlet = Advice.to(TypePool.Default.of(agent).describe(ServletService.class.getName()).resolve(), agent);
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(PassportInstrumentation::loadedTargets)
                .with(new Failures())
                .ignore(not(namedOneOf(TARGETS.toArray(String[]::new))))
                .assureReadEdgeTo(instrumentation, HttpPassports.class)
                .type(named(CLIENT))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(ClientSend.class)
                        .on(namedOneOf("send", "sendAsync").and(takesArgument(0, HttpRequest.class)))))
                .type(named(URL_CONNECTION))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(UrlConnect.class)
                        .on(namedOneOf("connect", "getInputStream", "getOutputStream").and(takesNoArguments()))))
                .type(named(SERVER_CHAIN))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(ServerFilter.class)
                        .on(named("doFilter").and(takesArguments(1)))))
                .type(named(SERVLET))
                .transform((builder, type, loader, module, domain) -> builder.visit(servlet
                        .on(named("service").and(takesArguments(2))
                                .and(takesArgument(0, named("jakarta.servlet.ServletRequest"))))));
    }

    /** Of the classes loaded already, only those this rewrites. */
    private static Iterable<Iterable<Class<?>>> loadedTargets(Instrumentation instrumentation) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (TARGETS.contains(loaded.getName())) {
                targets.add(loaded);
            }
        }
        return List.of(targets);
    }

    /** A class that could not be rewritten: its requests would travel without passports, or run unbound. */
    static final class Failures extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            System.getLogger("dev.charter").log(Level.ERROR,
                    "Charter could not rewrite " + typeName + " to carry passports", error);
        }
    }

    /** HttpClient: a request from a bound thread to a propagate URL is sent with the passport. */
    static final class ClientSend {
        private ClientSend() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
            if (request != null && request.headers().firstValue(HttpPassports.HEADER).isEmpty()) {
                String passport = HttpPassports.outbound(request.uri().toString());
                if (passport != null) {
                    request = HttpRequest.newBuilder(request, HttpPassports.EVERY_HEADER)
                            .header(HttpPassports.HEADER, passport).build();
                }
            }
        }
    }

    /**
     * HttpURLConnection: before it connects — {@code connect()}, {@code getInputStream()} or
     * {@code getOutputStream()}, the ways in, each of which marks the connection as connecting and
     * then frozen — a request from a bound thread to a propagate URL gets the passport.
     */
    static final class UrlConnect {
        private UrlConnect() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected,
                @Advice.FieldValue("connecting") boolean connecting) {
            if (!connected && !connecting && connection.getRequestProperty(HttpPassports.HEADER) == null) {
                String passport = HttpPassports.outbound(connection.getURL().toString());
                if (passport != null) {
                    connection.setRequestProperty(HttpPassports.HEADER, passport);
                }
            }
        }
    }

    /** com.sun.net.httpserver: the exchange's filters and handler run bound to its passport. */
    static final class ServerFilter {
        private ServerFilter() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) HttpExchange exchange) {
            return HttpPassports.enter(exchange.getRequestHeaders().getFirst(HttpPassports.HEADER));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            HttpPassports.exit(entered);
        }
    }

    /** Jakarta Servlet: {@code HttpServlet#service} runs bound to the request's passport. */
    static final class ServletService {
        private ServletService() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) Object request) {
            return request instanceof HttpServletRequest http
                    ? HttpPassports.enter(http.getHeader(HttpPassports.HEADER)) : null;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object entered) {
            HttpPassports.exit(entered);
        }
    }
}
