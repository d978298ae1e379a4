package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs the named scenarios (all when none are named) and prints one line each:
 * {@code name ALLOWED}, {@code name DENIED <message>} or {@code name ERROR <exception>}.
 */
public final class Scenarios {

    private static final Payments PAYMENTS = new Payments();
    static final Map<String, Callable<?>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("alice-refund", as("user:alice", () -> PAYMENTS.refund("order/US-1", 100)));
        ALL.put("alice-delete-not-granted", as("user:alice", () -> new Orders().delete("o-1")));
        ALL.put("unbound-refund", () -> PAYMENTS.refund("order/EU-1", 1));
        ALL.put("alice-alternative", as("user:alice", () -> new Orders().write("o-1")));
        ALL.put("alice-prefix", as("user:alice", () -> new Catalog().setPrice("sku/a", BigDecimal.ONE)));
        ALL.put("bot-eu", as("agent:refund-bot", () -> PAYMENTS.refund("order/EU-1", 5)));
        ALL.put("bot-us", as("agent:refund-bot", () -> PAYMENTS.refund("order/US-1", 5)));
        ALL.put("bot-eu-nested", as("agent:refund-bot", () -> PAYMENTS.refund("order/EU-1/x", 5)));
        ALL.put("pricing-deep", as("agent:pricing-bot", () -> new Catalog().setPrice("sku/eu/1", BigDecimal.TEN)));
        ALL.put("pricing-other", as("agent:pricing-bot", () -> new Catalog().setPrice("item/1", BigDecimal.TEN)));
        ALL.put("wide-beyond-principal", as("agent:wide-bot", () -> new Orders().delete("o-1")));
        ALL.put("chain3-eu", as("agent:sub-bot", () -> PAYMENTS.refund("order/EU-2", 1)));
        ALL.put("chain3-us", as("agent:sub-bot", () -> PAYMENTS.refund("order/US-2", 1)));
        ALL.put("undeclared", as("agent:ghost", () -> PAYMENTS.refund("order/EU-1", 1)));

        ALL.put("reflection", () -> unwrap(() -> Payments.class.getMethod("refund", String.class, long.class)
                .invoke(PAYMENTS, "order/EU-1", 1L)));
        ALL.put("reflection-bound", as("user:alice", () -> unwrap(() -> Payments.class
                .getMethod("refund", String.class, long.class).invoke(PAYMENTS, "order/EU-1", 1L))));
        ALL.put("method-handle", () -> {
            MethodHandle refund = MethodHandles.lookup().findVirtual(Payments.class, "refund",
                    MethodType.methodType(String.class, String.class, long.class));
            try {
                return (String) refund.invoke(PAYMENTS, "order/EU-1", 1L);
            } catch (Throwable e) {
                throw e instanceof Exception x ? x : new RuntimeException(e);
            }
        });
        ALL.put("lambda", () -> {
            Function<String, String> refund = order -> PAYMENTS.refund(order, 1);
            return refund.apply("order/EU-1");
        });
        ALL.put("method-reference", () -> {
            BiFunction<String, Long, String> refund = PAYMENTS::refund;
            return refund.apply("order/EU-1", 1L);
        });
        ALL.put("self-invocation", () -> PAYMENTS.refundAll("order/EU-1"));
        ALL.put("interface-implementation", () -> ((RefundTool) new EuRefunds()).refund("order/EU-1"));
        ALL.put("superclass-override", () -> new LoggingPayments().refund("order/EU-1", 1));
        ALL.put("static", Payments::report);
        ALL.put("default-method", () -> new EuRefunds().summary());
        ALL.put("anonymous-subclass", () -> new Payments() {
            @Override
            public String refund(String order, long cents) {
                return "anonymous " + order;
            }
        }.refund("order/EU-1", 1));
        ALL.put("anonymous-implementation", () -> new RefundTool() {
            @Override
            public String refund(String order) {
                return "anonymous " + order;
            }
        }.refund("order/EU-1"));
        ALL.put("proxy", () -> {
            RefundTool real = new EuRefunds();
            RefundTool proxy = (RefundTool) Proxy.newProxyInstance(RefundTool.class.getClassLoader(),
                    new Class<?>[] {RefundTool.class}, (self, method, arguments) -> method.invoke(real, arguments));
            return unwrap(() -> proxy.refund("order/EU-1"));
        });
    }

    private Scenarios() {
    }

    public static void main(String[] names) {
        for (String name : names.length == 0 ? ALL.keySet().toArray(String[]::new) : names) {
            System.out.println(name + " " + outcome(ALL.get(name)));
        }
    }

    static String outcome(Callable<?> scenario) {
        try {
            scenario.call();
            return "ALLOWED";
        } catch (ScopeViolation refused) {
            return "DENIED " + refused.getMessage();
        } catch (Exception | Error e) {
            return "ERROR " + e;
        }
    }

    private static Callable<?> as(String identity, Callable<?> action) {
        return () -> Charter.callAs(identity, action);
    }

    /** Calls through reflection or a proxy, and rethrows what the target threw. */
    private static Object unwrap(Callable<?> call) throws Exception {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (java.lang.reflect.UndeclaredThrowableException e) {
            throw e.getCause() instanceof InvocationTargetException target
                    && target.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
