package dev.charter.it.app;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Chat models that answer as a real model would, with no model behind them: asked
 * {@code "<tag> <tool> <argument> <tool> <argument> ..."}, they call those tools in parallel (one
 * response naming them all), whether or not they were offered; given the tools' results, they answer
 * {@code "<tool>: <result> | ..."}. They remember the tools each tag's first request offered.
 */
public final class ScriptedModels {

    /** The tool names offered to each tag's requests, each distinct list once. */
    public static final Map<String, Set<List<String>>> OFFERED = new ConcurrentHashMap<>();

    private ScriptedModels() {
    }

    static ChatResponse answer(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (last instanceof UserMessage user) {
            String[] words = user.singleText().split(" ");
            List<String> offered = new ArrayList<>();
            for (ToolSpecification tool : request.toolSpecifications()) {
                offered.add(tool.name());
            }
            offered.sort(null);
            OFFERED.computeIfAbsent(words[0], tag -> ConcurrentHashMap.newKeySet()).add(List.copyOf(offered));
            List<ToolExecutionRequest> calls = new ArrayList<>();
            for (int i = 1; i + 1 < words.length; i += 2) {
                calls.add(ToolExecutionRequest.builder().id("call-" + i).name(words[i])
                        .arguments("{\"arg0\": \"" + words[i + 1] + "\"}").build());
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(calls)).build();
        }
        List<String> results = new ArrayList<>();
        for (ChatMessage message : messages.subList(lastAiMessage(messages) + 1, messages.size())) {
            ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
            results.add(result.toolName() + ": " + result.text());
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(String.join(" | ", results))).build();
    }

    private static int lastAiMessage(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AiMessage) {
                return i;
            }
        }
        throw new IllegalStateException("tool results without the model's request: " + messages);
    }

    /** Answers on the caller's thread. */
    public static final class Blocking implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return answer(request);
        }
    }

    /**
     * Answers on its own thread, as a model's HTTP client does: a thread it starts itself, fed through
     * a queue, so nothing hands the caller's identity over to it.
     */
    public static final class Streaming implements StreamingChatModel {

        private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();

        public Streaming() {
            Thread io = new Thread(() -> {
                while (true) {
                    try {
                        work.take().run();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "model-io");
            io.setDaemon(true);
            io.start();
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            work.add(() -> {
                try {
                    ChatResponse response = answer(request);
                    AiMessage message = response.aiMessage();
                    if (message.hasToolExecutionRequests()) {
                        List<ToolExecutionRequest> calls = message.toolExecutionRequests();
                        for (int i = 0; i < calls.size(); i++) {
                            handler.onCompleteToolCall(new CompleteToolCall(i, calls.get(i)));
                        }
                    } else {
                        for (String part : message.text().split("(?<= )")) {
                            handler.onPartialResponse(part);
                        }
                    }
                    handler.onCompleteResponse(response);
                } catch (RuntimeException e) {
                    handler.onError(e);
                }
            });
        }
    }
}
