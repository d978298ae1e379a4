package dev.charter.it.failclosed;

import com.sun.charterit.SunLegacy;
import dev.charter.ActsOn;
import dev.charter.Charter;
import dev.charter.ScopeViolation;
import dev.charter.ScopedAction;
import dev.charter.agent.charterit.Impostor;
import dev.charter.it.app.RefundTool;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.charterit.JavaxTool;

/**
 * Calls scoped methods in the shapes that once ran unchecked, each from an unbound thread, and
 * prints two lines per shape: {@code name ALLOWED|DENIED <message>|ERROR <exception>}, and
 * {@code name-ran <n>}, how many times its body ran.
 */
public final class Shapes {

    /** How many times a body ran. */
    public static int ran;

    private Shapes() {
    }

    /** Names the gate in its text only. */
    public static final class MentionsGate {
        public static final String NOTE = "dev/charter/Gate";

        @ScopedAction("payments:refund")
        public String refund(@ActsOn String order) {
            ran++;
            return order;
        }
    }

    /** An unscoped implementation that a subclass offers for an annotated interface method. */
    public static class PlainRefunds {
        public String refund(String order) {
            ran++;
            return order;
        }
    }

    /** Inherits its implementation of {@link RefundTool#refund} from a class that knows nothing of it. */
    public static final class InheritsRefund extends PlainRefunds implements RefundTool {
    }

    /** Implemented as a hidden class. */
    public static final class HiddenRefund implements RefundTool {
        @Override
        public String refund(String order) {
            ran++;
            return order;
        }
    }

    /** Two tools of one entry with {@code acts-on: 0}: it fits one, and not the other, which has no parameter. */
    public static final class Misfits {
        @MisfitTool
        public String pay() {
            ran++;
            return "paid";
        }

        @MisfitTool
        public String lookup(String order) {
            ran++;
            return order;
        }
    }

    /** Targeted by two entries that disagree. */
    public static final class Conflicted {
        @AgentTool
        public String settle(String order, long cents) {
            ran++;
            return order;
        }
    }

    static String staticRefund(String order) {
        ran++;
        return order;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Callable<?>> cases = new LinkedHashMap<>();
        cases.put("mentions-gate", () -> new MentionsGate().refund("order/EU-1"));
        cases.put("javax-annotated", () -> new JavaxTool().refund("order/EU-1"));
        cases.put("comsun-targeted", () -> new SunLegacy().pay("acct-1"));
        cases.put("agent-package", () -> new Impostor().refund("order/EU-1"));
        cases.put("inherited-implementation", () -> ((RefundTool) new InheritsRefund()).refund("order/EU-1"));
        cases.put("proxy", () -> ((RefundTool) Proxy.newProxyInstance(Shapes.class.getClassLoader(),
                new Class<?>[] {RefundTool.class}, (proxy, method, arguments) -> {
                    ran++;
                    return "proxied";
                })).refund("order/EU-1"));
        cases.put("lambda", () -> {
            RefundTool tool = order -> {
                ran++;
                return order;
            };
            return tool.refund("order/EU-1");
        });
        cases.put("method-reference", () -> {
            RefundTool tool = Shapes::staticRefund;
            return tool.refund("order/EU-1");
        });
        cases.put("hidden-class", () -> {
            byte[] bytes;
            try (InputStream in = Shapes.class.getResourceAsStream("Shapes$HiddenRefund.class")) {
                bytes = in.readAllBytes();
            }
            Class<?> hidden = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
            return ((RefundTool) hidden.getConstructor().newInstance()).refund("order/EU-1");
        });
        cases.put("misfit-entry", () -> new Misfits().pay());
        cases.put("misfit-entry-alice", () -> Charter.callAs("user:alice", () -> new Misfits().pay()));
        cases.put("misfit-neighbour-unbound", () -> new Misfits().lookup("order/EU-1"));
        cases.put("misfit-neighbour-alice", () -> Charter.callAs("user:alice", () -> new Misfits().lookup("order/EU-1")));
        cases.put("conflicting-entries", () -> Charter.callAs("user:alice", () -> new Conflicted().settle("order/EU-1", 5)));
        cases.put("too-large", () -> Charter.callAs("user:alice", () -> Class.forName("dev.charter.it.failclosed.Huge")
                .getMethod("big", String.class).invoke(null, "order/EU-1")));
        for (String name : args.length == 0 ? cases.keySet().toArray(String[]::new) : args) {
            int before = ran;
            System.out.println(name + " " + outcome(cases.get(name)));
            System.out.println(name + "-ran " + (ran - before));
        }
    }

    private static String outcome(Callable<?> call) {
        try {
            call.call();
            return "ALLOWED";
        } catch (ScopeViolation refused) {
            return "DENIED " + refused.getMessage();
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof ScopeViolation refused ? "DENIED " + refused.getMessage()
                    : "ERROR " + e.getCause();
        } catch (Exception | LinkageError e) {
            return "ERROR " + e;
        }
    }
}
