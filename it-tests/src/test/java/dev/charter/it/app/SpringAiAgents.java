package dev.charter.it.app;

import dev.charter.Charter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring AI tool calling with plain {@code @Tool} methods and no Charter code in them, driven by a
 * scripted chat model that runs its tool loop as Spring AI's own chat models do (through the
 * {@code ToolCallingManager}; streamed, on Reactor's bounded-elastic threads). Each request's
 * identity is its tool context's {@code user} entry. Prints one line per outcome.
 *
 * <p>Argument: calls per identity in the concurrent run.
 */
public final class SpringAiAgents {

    /** The tool names offered to each tag's requests, each distinct list once. */
    static final Map<String, Set<List<String>>> OFFERED = new ConcurrentHashMap<>();

    private SpringAiAgents() {
    }

    /** Tools as an application writes them. */
    public static final class Orders {
        @Tool(description = "refunds an order")
        public String refund(String order) {
            return "refunded " + order;
        }

        @Tool(description = "looks an order up")
        public String lookup(String order) {
            return "found " + order;
        }
    }

    /**
     * Asked {@code "<tag> <tool> <argument> ..."}, calls those tools in one response, offered or not;
     * given their results, answers {@code "<tool>: <result> | ..."}.
     */
    static final class ScriptedModel implements ChatModel {

        private final ToolCallingManager tools = ToolCallingManager.builder().build();

        @Override
        public ChatResponse call(Prompt prompt) {
            ChatResponse response = answer(prompt);
            while (response.hasToolCalls()) {
                ToolExecutionResult result = tools.executeToolCalls(prompt, response);
                prompt = new Prompt(result.conversationHistory(), prompt.getOptions());
                response = answer(prompt);
            }
            return response;
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            return Mono.fromCallable(() -> answer(prompt)).flatMapMany(response -> {
                if (!response.hasToolCalls()) {
                    return Flux.just(response);
                }
                return Mono.fromCallable(() -> tools.executeToolCalls(prompt, response))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMapMany(result -> stream(new Prompt(result.conversationHistory(), prompt.getOptions())));
            }).subscribeOn(Schedulers.boundedElastic());
        }

        private ChatResponse answer(Prompt prompt) {
            List<Message> messages = prompt.getInstructions();
            Message last = messages.get(messages.size() - 1);
            if (last instanceof UserMessage user) {
                String[] words = user.getText().split(" ");
                List<String> offered = new ArrayList<>();
                for (ToolDefinition tool : tools.resolveToolDefinitions((ToolCallingChatOptions) prompt.getOptions())) {
                    offered.add(tool.name());
                }
                offered.sort(null);
                OFFERED.computeIfAbsent(words[0], tag -> ConcurrentHashMap.newKeySet()).add(List.copyOf(offered));
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                for (int i = 1; i + 1 < words.length; i += 2) {
                    calls.add(new AssistantMessage.ToolCall("call-" + i, "function", words[i],
                            "{\"arg0\": \"" + words[i + 1] + "\"}"));
                }
                return new ChatResponse(List.of(new Generation(AssistantMessage.builder().content("").toolCalls(calls).build())));
            }
            List<String> results = new ArrayList<>();
            for (ToolResponseMessage.ToolResponse response : ((ToolResponseMessage) last).getResponses()) {
                results.add(response.name() + ": " + response.responseData());
            }
            return new ChatResponse(List.of(new Generation(new AssistantMessage(String.join(" | ", results)))));
        }
    }

    private static final ScriptedModel MODEL = new ScriptedModel();
    private static final Orders ORDERS = new Orders();

    private static Prompt prompt(String text, Map<String, Object> toolContext) {
        return new Prompt(new UserMessage(text), DefaultToolCallingChatOptions.builder()
                .toolCallbacks(ToolCallbacks.from(ORDERS)).toolContext(toolContext).build());
    }

    static String call(String text, Map<String, Object> toolContext) {
        return MODEL.call(prompt(text, toolContext)).getResult().getOutput().getText();
    }

    static String stream(String text, Map<String, Object> toolContext) {
        return MODEL.stream(prompt(text, toolContext)).blockLast(java.time.Duration.ofMinutes(1))
                .getResult().getOutput().getText();
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        print("alice-eu", () -> call("alice-eu refund order/EU-1 lookup order/EU-1", Map.of("user", "alice")));
        print("alice-us", () -> call("alice-us refund order/US-1", Map.of("user", "alice")));
        print("bob", () -> call("bob refund order/EU-1 lookup order/EU-1", Map.of("user", "bob")));
        print("alice-stream", () -> stream("alice-stream refund order/EU-2 lookup order/EU-2", Map.of("user", "alice")));
        print("bob-stream", () -> stream("bob-stream refund order/EU-2 lookup order/EU-2", Map.of("user", "bob")));
        print("none", () -> call("none lookup order/EU-3", Map.of()));
        print("runas-alice", () -> Charter.callAs("user:alice", () -> call("runas-alice refund order/EU-3", Map.of())));

        ExecutorService callers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> wrong = new ArrayList<>();
        for (String user : List.of("alice", "bob")) {
            wrong.add(callers.submit(() -> {
                int misses = 0;
                for (int i = 0; i < calls; i++) {
                    String text = user + "-loop refund order/EU-" + i + " lookup order/EU-" + i;
                    String answer = i % 10 == 0 ? stream(text, Map.of("user", user)) : call(text, Map.of("user", user));
                    String refund = user.equals("alice") ? "refund: \"refunded order/EU-" + i + "\""
                            : "refund: user:bob may not tools:refund";
                    if (!answer.startsWith(refund) || !answer.contains(" | lookup: \"found order/EU-" + i + "\"")) {
                        misses++;
                        System.out.println("wrong " + user + " " + answer);
                    }
                }
                return misses;
            }));
        }
        int wrongDecisions = 0;
        for (Future<Integer> each : wrong) {
            wrongDecisions += each.get(5, TimeUnit.MINUTES);
        }
        callers.shutdown();
        System.out.println("concurrent-tool-calls " + 2 * 2 * calls);
        System.out.println("concurrent-wrong " + wrongDecisions);
        OFFERED.forEach((tag, lists) -> System.out.println("offered-" + tag + " " + lists));
    }

    private static void print(String name, Callable<?> action) {
        String outcome;
        try {
            outcome = String.valueOf(action.call());
        } catch (Exception e) {
            outcome = "ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        System.out.println(name + " " + outcome);
    }
}
