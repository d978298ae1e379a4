package dev.charter.it.app;

import dev.charter.Charter;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Agents of LangChain4j's agentic module with plain {@code @Tool} methods and no Charter code, driven
 * by the scripted model: each named agent runs under the identity the policy's
 * {@code bind: langchain4j-agentic} gives it — on its own, in a sequence, in parallel on an executor's
 * threads — and an agent whose identity is no delegate of the invoking one is refused. Prints one
 * line per outcome; the tool lists each tag was offered are printed last. Argument: calls per thread.
 */
public final class AgenticAgents {

    private AgenticAgents() {
    }

    public interface RefundAgent {
        @Agent(name = "refunds", description = "refunds orders", outputKey = "refunded")
        @UserMessage("refunds-{{request}}")
        String handle(@V("request") String request);
    }

    public interface LookupAgent {
        @Agent(name = "lookups", description = "looks orders up", outputKey = "found")
        @UserMessage("lookups-{{request}}")
        String handle(@V("request") String request);
    }

    public interface RogueAgent {
        @Agent(name = "rogue", description = "works for someone else", outputKey = "rogue")
        @UserMessage("rogue-{{request}}")
        String handle(@V("request") String request);
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        RefundAgent refunds = agent(RefundAgent.class);
        LookupAgent lookups = agent(LookupAgent.class);
        RogueAgent rogue = agent(RogueAgent.class);

        print("standalone-alice", () -> Charter.callAs("user:alice", () -> refunds.handle("sa refund order/EU-1 lookup order/EU-1")));
        print("standalone-free", () -> refunds.handle("sf refund order/EU-1 lookup order/EU-1"));
        print("standalone-bob", () -> Charter.callAs("user:bob", () -> refunds.handle("sb refund order/EU-1")));
        print("after-standalone", () -> Charter.current().orElse("none"));

        UntypedAgent sequence = AgenticServices.sequenceBuilder().subAgents(refunds, lookups).outputKey("found").build();
        AgenticScope inSequence = Charter.callAs("user:alice", () -> sequence.invokeWithAgenticScope(
                Map.of("request", "seq refund order/EU-2 lookup order/EU-2")).agenticScope());
        System.out.println("sequence-refunds " + inSequence.readState("refunded"));
        System.out.println("sequence-lookups " + inSequence.readState("found"));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        UntypedAgent parallel = AgenticServices.parallelBuilder().subAgents(refunds, lookups).executor(pool).build();
        AgenticScope inParallel = Charter.callAs("user:alice", () -> parallel.invokeWithAgenticScope(
                Map.of("request", "par refund order/EU-3 lookup order/EU-3")).agenticScope());
        System.out.println("parallel-refunds " + inParallel.readState("refunded"));
        System.out.println("parallel-lookups " + inParallel.readState("found"));

        UntypedAgent withRogue = AgenticServices.sequenceBuilder().subAgents(rogue).outputKey("rogue").build();
        print("rogue-under-alice", () -> Charter.callAs("user:alice", () -> withRogue.invoke(
                Map.of("request", "rog lookup order/EU-4"))));

        concurrently(refunds, lookups, calls);
        pool.shutdown();
        ScriptedModels.OFFERED.forEach((tag, lists) -> System.out.println("offered-" + tag + " " + lists));
        System.exit(0);
    }

    private static <T> T agent(Class<T> type) {
        return AgenticServices.agentBuilder(type).chatModel(new ScriptedModels.Blocking())
                .tools(new LangChain4jAgents.Orders()).build();
    }

    /** alice's two agents, and bob's attempt at one he may not invoke, on three threads at once. */
    private static void concurrently(RefundAgent refunds, LookupAgent lookups, int calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<int[]>> running = new ArrayList<>();
        for (String who : List.of("refunds", "lookups", "bob")) {
            running.add(threads.submit(() -> {
                int wrong = 0;
                for (int i = 0; i < calls; i++) {
                    String order = "order/EU-" + i;
                    String request = "conc refund " + order + " lookup " + order;
                    String outcome = outcome(() -> switch (who) {
                        case "refunds" -> Charter.callAs("user:alice", () -> refunds.handle(request));
                        case "lookups" -> Charter.callAs("user:alice", () -> lookups.handle(request));
                        default -> Charter.callAs("user:bob", () -> refunds.handle(request));
                    });
                    String expected = switch (who) {
                        case "refunds" -> "refund: refunded " + order + " | lookup: agent:refund-bot may not tools:lookup on \""
                                + order + "\": no rule grants it";
                        case "lookups" -> "refund: agent:lookup-bot may not tools:refund on \"" + order
                                + "\": no rule grants it | lookup: found " + order;
                        default -> "ERROR ScopeViolation: user:bob may not charter:bind on \"agent:refund-bot\"";
                    };
                    if (!outcome.startsWith(expected)) {
                        wrong++;
                        if (wrong == 1) {
                            System.out.println("concurrent-first-wrong " + who + ": " + outcome);
                        }
                    }
                }
                return new int[] {calls, wrong};
            }));
        }
        int total = 0;
        int wrong = 0;
        for (Future<int[]> done : running) {
            total += done.get()[0];
            wrong += done.get()[1];
        }
        threads.shutdown();
        System.out.println("concurrent-calls " + total);
        System.out.println("concurrent-wrong " + wrong);
    }

    private static void print(String name, Callable<Object> call) {
        System.out.println(name + " " + outcome(call));
    }

    /** The call's result, or {@code ERROR <exception>: <message>} of the innermost cause, on one line. */
    private static String outcome(Callable<Object> call) {
        try {
            return String.valueOf(call.call()).replace('\n', ' ');
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return "ERROR " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }
}
