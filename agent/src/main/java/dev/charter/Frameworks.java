package dev.charter;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiFunction;

/**
 * What the agent's hooks call in agent frameworks (LangChain4j, Spring AI, the MCP Java SDK): a framework call runs under the identity
 * the policy's {@code bind} section names, the work it hands to other threads or callbacks runs under
 * the identity of the call that made it, and the tools offered to a model are those the bound identity
 * may perform. Lives beside the API on the bootstrap class path, where every class loader sees it.
 *
 * <p>Nothing here binds beyond {@link Charter#bind}'s rules, and nothing unbinds: work that captured no
 * identity leaves the thread's binding as it is.
 */
public final class Frameworks {

    private static volatile Rules rules;
    private static volatile Carry.Store captured;
    /** Why the passport of the request that made each piece of work was refused; rare, so a plain weak map. */
    private static final Map<Object, String> REFUSED_PASSPORTS = Collections.synchronizedMap(new WeakHashMap<>());

    private Frameworks() {
    }

    /** What the policy in force says about framework calls. Implemented by the agent. */
    public interface Rules {

        /**
         * The identity of a call of {@code framework}, from what it carries, or {@code null} when the
         * policy binds none or the call carries none.
         *
         * @param subject the call's own subject (LangChain4j: its memory id), or {@code null}
         * @param entries the call's named entries (LangChain4j: its invocation parameters), or {@code null}
         */
        String identity(String framework, Object subject, Map<?, ?> entries);

        /**
         * Whether {@code identity} ({@code null}: unbound) may ever perform what {@code tool} does.
         *
         * @param tool the tool's {@link Method}, or the framework's object for a tool
         */
        boolean offers(String identity, Object tool);

        /**
         * The identity a call of {@code framework} names, read from the framework's object for the call
         * (LangChain4j: its invocation context; Spring AI: the prompt; the MCP SDK: a request's transport
         * context), or {@code null}.
         */
        String identity(String framework, Object call);

        /**
         * Of {@code offered} (LangChain4j: a tool service context; Spring AI: a list of tool definitions),
         * the tools the bound identity — or the one {@code request} names — may ever perform.
         *
         * @param request the framework's request that {@code offered} answers, or {@code null}
         */
        Object offered(String framework, Object offered, Object request);

        /** Where the policy binds requests of {@code framework} from. */
        Requests requests(String framework);

        /**
         * What to list for {@code tool}, a tool of {@code framework} (the MCP SDK: a {@code Tool}):
         * {@code shown}, or what hides it when {@code identity} ({@code null}: unbound) may never
         * perform what it does.
         */
        Object listed(String framework, String identity, Object tool, Object shown);

        /**
         * A tool's error result carrying {@code refusal}, as {@code framework} answers {@code request}
         * (the MCP SDK: a {@code CallToolResult} with {@code isError}), or {@code null} when it has none.
         */
        Object refused(String framework, String refusal, Object request);
    }

    /** Where the identity of a request that a framework serves comes from. */
    public enum Requests {
        /** The policy names no source: the request's tools run as the thread that took the request was bound. */
        AS_TAKEN,
        /** The passport the request carried: the identity it bound on the thread that took the request. */
        PASSPORT,
        /** What the request carries, as {@link Rules#identity(String, Object)} reads it. */
        CARRIED
    }

    /**
     * Installs the agent's side; allowed once, before any framework class is rewritten to call this class.
     *
     * @throws IllegalStateException if installed already
     */
    public static synchronized void install(Rules chosen, Carry.Store store) {
        if (rules != null) {
            throw new IllegalStateException("Charter's framework support is installed already");
        }
        captured = store;
        rules = chosen;
    }

    /**
     * At the start of a framework call: binds the identity the policy names for it, as
     * {@link Charter#bind} does, and returns the binding to {@linkplain #leave close}, or {@code null}
     * when the call names none (the thread's binding stays, none on an orchestrator's thread).
     *
     * @throws ScopeViolation if the named identity may not be bound here
     */
    public static Charter.Binding enter(String framework, Object subject, Map<?, ?> entries) {
        Rules in = rules;
        String identity = in == null ? null : in.identity(framework, subject, entries);
        return identity == null ? null : Charter.bind(identity);
    }

    /**
     * At the start of a framework call: {@link #enter} with the identity the policy names for it,
     * read from {@code call}, the framework's object for the call.
     */
    public static Charter.Binding call(String framework, Object call) {
        Rules in = rules;
        String identity = in == null || call == null ? null : in.identity(framework, call);
        return identity == null ? null : Charter.bind(identity);
    }

    /** The tools to offer a model, of those {@code offered} holds: see {@link Rules#offered}. */
    public static Object offered(String framework, Object offered, Object request) {
        Rules in = rules;
        return in == null || offered == null ? offered : in.offered(framework, offered, request);
    }

    /** At the end of a framework call, normally or not: closes what {@link #enter} bound. */
    public static void leave(Charter.Binding binding) {
        if (binding != null) {
            binding.close();
        }
    }

    /**
     * When a framework object that runs work later is made: remembers the identity bound now, if any,
     * and why the passport of the request this thread serves was refused, if it was.
     */
    public static void capture(Object work) {
        Charter.Binding bound = Charter.BOUND.get();
        if (bound != null && captured != null) {
            captured.put(work, bound);
        }
        String refused = HttpPassports.refusal();
        if (refused != null && work != null) {
            REFUSED_PASSPORTS.put(work, refused);
        }
    }

    /**
     * Before {@code work} runs, on whatever thread: binds what it captured, and returns what
     * {@link #resume} restores; when it captured nothing, or what it captured could bind more than
     * the thread may (any caller can reach this method), the thread is left as it is.
     */
    public static Object resume(Object work) {
        Carry.Store store = captured;
        Charter.Binding binding = store == null ? null : store.get(work);
        Charter.Binding before = Charter.BOUND.get();
        if (binding == null || Carry.widens(before, binding)) {
            return null;
        }
        Resumed resumed = new Resumed(Thread.currentThread(), before, null);
        Charter.BOUND.set(binding);
        return resumed;
    }

    /** After work ran, normally or not: restores the binding its thread had before {@link #resume}. */
    public static void suspend(Object resumed) {
        if (resumed instanceof Resumed before && before.thread == Thread.currentThread()) {
            HttpPassports.exit(before.passport);
            Charter.BOUND.set(before.binding);
        }
    }

    /** Whether to offer {@code tool} to a model: whether the bound identity may ever perform it. */
    public static boolean offers(Method tool) {
        Rules in = rules;
        Charter.Binding bound = Charter.BOUND.get();
        return in == null || in.offers(bound == null ? null : bound.identity, tool);
    }

    /**
     * Whether to offer {@code tool} to a model in a call of {@code framework} that carries {@code entries}:
     * whether the identity the policy names from them — or, when it names none, the bound identity —
     * may ever perform it.
     *
     * @param tool the framework's object for the tool
     */
    public static boolean offers(String framework, Map<?, ?> entries, Object tool) {
        Rules in = rules;
        if (in == null) {
            return true;
        }
        String identity = in.identity(framework, null, entries);
        if (identity == null) {
            Charter.Binding bound = Charter.BOUND.get();
            identity = bound == null ? null : bound.identity;
        }
        return in.offers(identity, tool);
    }

    /**
     * Before a tool of a request that {@code framework} serves runs, on whatever thread: binds the
     * request's identity — what the thread that took {@code request} was bound to ({@linkplain #capture
     * captured} then), or what the request carries, as the policy says — and returns what
     * {@link #suspend} restores. A source that names no identity leaves the tool unbound, confined
     * to what the thread could bind; nothing binds more than the thread may.
     *
     * @throws ScopeViolation if the identity the request carries may not be bound here
     */
    public static Object enterTool(String framework, Object request) {
        Rules in = rules;
        Charter.Binding before = Charter.BOUND.get();
        Charter.Binding taken = taken(request);
        Requests source = in == null ? Requests.AS_TAKEN : in.requests(framework);
        Charter.Binding next;
        if (source == Requests.CARRIED) {
            String identity = request == null ? null : in.identity(framework, request);
            next = identity == null ? Charter.confinedBy(before) : Charter.bind(identity);
        } else if (taken != null && !Carry.widens(before, taken)) {
            next = taken;
        } else if (source == Requests.PASSPORT) {
            // unbound: its refusals say why the request's passport was refused, as on the request's own thread
            Object refused = HttpPassports.refused(request == null ? null : REFUSED_PASSPORTS.get(request));
            Charter.BOUND.set(Charter.confinedBy(before));
            return new Resumed(Thread.currentThread(), before, refused);
        } else {
            return null;
        }
        Charter.BOUND.set(next);
        return new Resumed(Thread.currentThread(), before, null);
    }

    /**
     * Runs an MCP tool's {@code handler} (a {@code BiFunction}, in place of the SDK's call of it) on
     * {@code exchange} and {@code request}: a refusal inside it is the tool's error result, with the
     * one-line refusal as its text, which the SDK hands to the client.
     */
    @SuppressWarnings("unchecked")
    public static Object callMcpTool(Object handler, Object exchange, Object request) {
        try {
            return ((BiFunction<Object, Object, Object>) handler).apply(exchange, request);
        } catch (ScopeViolation refused) {
            Rules in = rules;
            Object result = in == null ? null : in.refused("mcp", refused.getMessage(), request);
            if (result == null) {
                throw refused;
            }
            return result;
        }
    }

    /**
     * What a request that {@code framework} serves lists for {@code tool}: {@code shown}, or what hides
     * the tool when the identity {@link #enterTool} would bind for the request may never perform it.
     */
    public static Object listed(String framework, Object shown, Object request, Object tool) {
        Rules in = rules;
        if (in == null || tool == null) {
            return shown;
        }
        Charter.Binding taken = taken(request);
        Requests source = in.requests(framework);
        String identity;
        if (source == Requests.CARRIED) {
            identity = request == null ? null : in.identity(framework, request);
        } else {
            Charter.Binding bound = taken != null ? taken : source == Requests.PASSPORT ? null : Charter.BOUND.get();
            identity = bound == null ? null : bound.identity;
        }
        return in.listed(framework, identity, tool, shown);
    }

    /** The binding the thread that took {@code request} had, as {@link #capture} remembered it, or {@code null}. */
    private static Charter.Binding taken(Object request) {
        Carry.Store store = captured;
        return store == null || request == null ? null : store.get(request);
    }

    /** A thread's binding before work resumed on it; made only here, so only a resumed thread is restored. */
    private record Resumed(Thread thread, Charter.Binding binding, Object passport) {
    }
}
