package dev.charter;

import java.time.Duration;
import java.util.function.BiPredicate;

/**
 * What the agent's hooks call in HTTP clients and servers so that passports travel with requests:
 * an outbound request from a bound thread to a URL the policy's {@code trust.propagate} names
 * carries header {@value #HEADER}; an inbound request with that header runs bound to its passport
 * (or unbound, with the passport's refusal named in every refusal) and leaves the thread as it
 * found it. Lives beside the API on the bootstrap class path, where the JDK's own classes see it.
 */
public final class HttpPassports {

    /** The request header that carries a passport. */
    public static final String HEADER = "Charter-Passport";

    /** Keeps every header when the JDK's HTTP client copies a request to add the passport. */
    public static final BiPredicate<String, String> EVERY_HEADER = (name, value) -> true;

    /** The inbound request this thread is serving, if it carried a passport. */
    private static final ThreadLocal<Entered> SERVING = new ThreadLocal<>();

    private static volatile Office office;
    private static volatile Messages messages;

    private HttpPassports() {
    }

    /** Signs, checks and chooses passports. Implemented by the agent. */
    public interface Office {

        /** See {@link Charter#passport}; {@code identity} is the one bound now, or {@code null}. */
        String mint(String identity, String audience, Duration ttl);

        /** See {@link Charter#bindPassport}: the identity to bind, or a {@link ScopeViolation}. */
        String admit(String passport, String current);

        /**
         * The passport a request from {@code identity} to {@code url} carries, or {@code null} when
         * no {@code propagate} entry names the URL.
         *
         * @throws ScopeViolation if one should be carried and cannot be signed
         */
        String outbound(String identity, String url);
    }

    /**
     * Reads and writes the HTTP messages of the JDK's clients and servers and of servlets, whose types
     * this class cannot name. Implemented by the agent.
     */
    public interface Messages {

        /**
         * The URL outbound {@code message} goes to, when it can still take a passport header and has
         * none; else {@code null}.
         */
        String destination(Object message);

        /** {@code message} with header {@value #HEADER}: itself, or a copy if it cannot change. */
        Object carrying(Object message, String passport);

        /** The value of header {@value #HEADER} of inbound {@code message}, or {@code null}. */
        String passport(Object message);
    }

    /**
     * Installs the office, which {@link Charter#passport} and {@link Charter#bindPassport} then use, and
     * what reads HTTP messages; once per JVM.
     */
    public static synchronized void install(Office chosen, Messages reader) {
        if (office != null) {
            throw new IllegalStateException("a Charter passport office is installed already");
        }
        office = chosen;
        messages = reader;
        Charter.passports = new Charter.PassportOffice() {
            @Override
            public String mint(String identity, String audience, Duration ttl) {
                return chosen.mint(identity, audience, ttl);
            }

            @Override
            public String admit(String passport, String current) {
                return chosen.admit(passport, current);
            }
        };
    }

    /**
     * Outbound: the passport a request to {@code url} from this thread carries, or {@code null}
     * (no identity bound — a confined thread has none either — or no {@code propagate} entry names the URL).
     *
     * @throws ScopeViolation if a passport is due and cannot be signed: the request is not sent
     */
    public static String outbound(String url) {
        Charter.Binding bound = Charter.BOUND.get();
        Office in = office;
        return bound == null || bound.identity == null || in == null || url == null ? null
                : in.outbound(bound.identity, url);
    }

    /**
     * Outbound, before an HTTP request ({@code java.net.http.HttpRequest}, or an
     * {@code HttpURLConnection} not yet connected) is sent: the request carrying the passport that
     * {@link #outbound(String)} says it carries, if any; else the request as it is.
     *
     * @throws ScopeViolation if a passport is due and cannot be signed: the request is not sent
     */
    public static Object carry(Object request) {
        Messages in = messages;
        String url = in == null || request == null ? null : in.destination(request);
        String passport = url == null ? null : outbound(url);
        return passport == null ? request : in.carrying(request, passport);
    }

    /**
     * Inbound, before an HTTP request ({@code com.sun.net.httpserver.HttpExchange}, a servlet request)
     * is handled: {@link #enter} with its passport header.
     */
    public static Object serve(Object request) {
        Messages in = messages;
        return in == null || request == null ? null : enter(in.passport(request));
    }

    /**
     * Inbound, before a request with a passport is handled: binds the passport's identity, or, if it
     * is refused, leaves the thread unbound — confined to what it could bind before, never freer —
     * and remembers why. A request handled inside another on
     * the same thread (a forward, a chain of filters) keeps the outer request's binding.
     *
     * @return what {@link #exit} restores, or {@code null} if this request changed nothing
     */
    public static Object enter(String passport) {
        if (passport == null || SERVING.get() != null) {
            return null;
        }
        Entered entered = new Entered(Charter.BOUND.get());
        SERVING.set(entered);
        try {
            Charter.bindPassport(passport);
        } catch (ScopeViolation e) {
            Charter.BOUND.set(Charter.confinedBy(entered.before));
            entered.refusal = e.getReason();
        } catch (RuntimeException e) {
            Charter.BOUND.set(Charter.confinedBy(entered.before));
            entered.refusal = "the passport could not be checked: " + e.getClass().getName();
        }
        return entered;
    }

    /** Inbound, after the request, normally or not: the thread's binding as it was before {@link #enter}. */
    public static void exit(Object entered) {
        if (entered instanceof Entered request) {
            Charter.BOUND.set(request.before);
            SERVING.remove();
        }
    }

    /**
     * While work of a request whose passport was refused for {@code refusal} runs on this other thread:
     * its refusals name that reason too. Returns what {@link #exit} undoes, or {@code null} when there is
     * no refusal or this thread serves a request already.
     */
    static Object refused(String refusal) {
        if (refusal == null || SERVING.get() != null) {
            return null;
        }
        Entered entered = new Entered(Charter.BOUND.get());
        entered.refusal = refusal;
        SERVING.set(entered);
        return entered;
    }

    /** Why the passport of the request this thread is serving was refused, or {@code null}. */
    public static String refusal() {
        Entered serving = SERVING.get();
        return serving == null ? null : serving.refusal;
    }

    /** One inbound request with a passport: the binding before it, and its passport's refusal, if any. */
    private static final class Entered {
        final Charter.Binding before;
        String refusal;

        Entered(Charter.Binding before) {
            this.before = before;
        }
    }
}
