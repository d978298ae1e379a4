package dev.charter.it.app;

import dev.charter.Charter;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * LangChain4j AI services with plain {@code @Tool} methods and no Charter code in them, driven by a
 * scripted model: each call's identity comes from the policy's {@code bind} entry (its memory id, or
 * an invocation parameter) or from the caller's {@code Charter.runAs}. Prints one line per outcome;
 * the tool lists each tag was offered are printed last.
 *
 * <p>Arguments: {@code memory-id <calls per identity>} or {@code invocation-parameter}.
 */
public final class LangChain4jAgents {

    private LangChain4jAgents() {
    }

    /** Tools as an application writes them. */
    public static final class Orders {
        @Tool("refunds an order")
        public String refund(String order) {
            return "refunded " + order;
        }

        @Tool("looks an order up")
        public String lookup(String order) {
            return "found " + order;
        }
    }

    interface Assistant {
        String chat(@MemoryId String user, @UserMessage String message);
    }

    interface StreamingAssistant {
        TokenStream chat(@MemoryId String user, @UserMessage String message);
    }

    /** No memory id: the identity is the caller's, or an invocation parameter's. */
    interface Desk {
        String chat(@UserMessage String message, InvocationParameters parameters);
    }

    interface StreamingDesk {
        TokenStream chat(@UserMessage String message);
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("invocation-parameter")) {
            invocationParameter();
        } else {
            memoryId(Integer.parseInt(args[1]));
        }
        ScriptedModels.OFFERED.forEach((tag, lists) -> System.out.println("offered-" + tag + " " + lists));
    }

    private static <T> AiServices<T> service(Class<T> type) {
        return AiServices.builder(type).tools(new Orders())
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20));
    }

    private static void memoryId(int calls) throws Exception {
        Assistant sequential = service(Assistant.class).chatModel(new ScriptedModels.Blocking()).build();
        Assistant concurrent = service(Assistant.class).chatModel(new ScriptedModels.Blocking())
                .executeToolsConcurrently().build();
        ScriptedModels.Streaming model = new ScriptedModels.Streaming();
        StreamingAssistant streaming = service(StreamingAssistant.class).streamingChatModel(model).build();
        StreamingAssistant streamingConcurrent = service(StreamingAssistant.class).streamingChatModel(model)
                .executeToolsConcurrently().build();

        print("alice-eu", () -> sequential.chat("alice", "alice-eu refund order/EU-1 lookup order/EU-1"));
        print("alice-us", () -> sequential.chat("alice", "alice-us refund order/US-1"));
        print("bob", () -> sequential.chat("bob", "bob refund order/EU-1 lookup order/EU-1"));
        print("mallory", () -> sequential.chat("mallory", "mallory lookup order/EU-1"));
        print("alice-stream", () -> stream(streaming.chat("alice", "alice-stream refund order/EU-2 lookup order/EU-2")));
        print("bob-stream", () -> stream(streaming.chat("bob", "bob-stream refund order/EU-2 lookup order/EU-2")));
        // no memory id: the caller's own binding is carried to the model's thread and the tools
        StreamingDesk desk = AiServices.builder(StreamingDesk.class).tools(new Orders())
                .streamingChatModel(model).build();
        print("desk-unbound", () -> stream(desk.chat("desk-unbound lookup order/EU-3")));
        print("desk-alice", () -> Charter.callAs("user:alice",
                () -> stream(desk.chat("desk-alice refund order/EU-3 lookup order/EU-3"))));

        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<Integer>> wrong = new ArrayList<>();
        for (String user : List.of("alice", "bob")) {
            wrong.add(callers.submit(() -> loop(user, calls, index ->
                    concurrent.chat(user, user + "-loop refund order/EU-" + index + " lookup order/EU-" + index))));
            wrong.add(callers.submit(() -> loop(user, calls / 10, index -> stream(streamingConcurrent.chat(user,
                    user + "-stream-loop refund order/EU-" + index + " lookup order/EU-" + index)))));
        }
        int wrongDecisions = 0;
        for (Future<Integer> each : wrong) {
            wrongDecisions += each.get(5, TimeUnit.MINUTES);
        }
        callers.shutdown();
        System.out.println("concurrent-tool-calls " + 2 * 2 * (calls + calls / 10));
        System.out.println("concurrent-wrong " + wrongDecisions);
    }

    private static void invocationParameter() {
        Desk desk = AiServices.builder(Desk.class).tools(new Orders()).chatModel(new ScriptedModels.Blocking()).build();
        print("parameter-alice", () -> desk.chat("parameter-alice refund order/EU-4",
                new InvocationParameters(java.util.Map.of("user", "alice"))));
        print("parameter-none", () -> desk.chat("parameter-none lookup order/EU-4", new InvocationParameters()));
    }

    /** Counts the answers that differ from what the policy decides for {@code user}. */
    private static int loop(String user, int calls, Call call) throws Exception {
        int wrong = 0;
        for (int i = 0; i < calls; i++) {
            String answer = call.ask(i);
            String refund = user.equals("alice") ? "refund: refunded order/EU-" + i
                    : "refund: user:bob may not tools:refund";
            if (!answer.startsWith(refund) || !answer.contains(" | lookup: found order/EU-" + i)) {
                wrong++;
                System.out.println("wrong " + user + " " + answer);
            }
        }
        return wrong;
    }

    interface Call {
        String ask(int index) throws Exception;
    }

    /** Starts {@code stream} and waits for its answer. */
    private static String stream(TokenStream stream) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        stream.onPartialResponse(part -> { })
                .onCompleteResponse(response -> answer.complete(response.aiMessage().text()))
                .onError(answer::completeExceptionally)
                .start();
        return answer.get(1, TimeUnit.MINUTES);
    }

    private static void print(String name, java.util.concurrent.Callable<?> action) {
        String outcome;
        try {
            outcome = String.valueOf(action.call());
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && !(e instanceof SecurityException) ? e.getCause() : e;
            outcome = "ERROR " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        System.out.println(name + " " + outcome);
    }
}
