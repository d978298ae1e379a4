package dev.charter.sample;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import java.util.ArrayList;
import java.util.List;

/**
 * The shop's front desk: a LangChain4j assistant that customers chat with, whose tools carry no
 * Charter code. With the agent, the policy's {@code bind: langchain4j} runs each chat as the customer
 * its memory id names, its {@code actions} entry scopes every {@code @Tool} method, the model is
 * offered only the tools that customer may use, and a refused tool answers the model with the
 * one-line refusal. The model is scripted: it asks for the tool calls each customer's message names,
 * offered or not, as a model talked into it would.
 */
final class FrontDesk {

    /** Each customer's memory id and what they ask for: tool name, order, tool name, order... */
    private static final String[][] CHATS = {
        {"alice", "orderStatus order/EU-1001 cancelOrder order/EU-1001"},
        {"alice", "orderStatus order/EU-2002"},
        {"bob", "cancelOrder order/EU-2002"},
    };

    private FrontDesk() {
    }

    interface Concierge {
        String chat(@MemoryId String customer, @dev.langchain4j.service.UserMessage String request);
    }

    /** The desk's tools, as any LangChain4j application writes them. */
    static final class DeskTools {
        @Tool("tells where an order is")
        public String orderStatus(String order) {
            return order + " shipped";
        }

        @Tool("cancels an order")
        public String cancelOrder(String order) {
            return "cancelled " + order;
        }
    }

    /** The desk's chats, as lines of the text report. */
    static String run() {
        ScriptedModel model = new ScriptedModel();
        Concierge desk = AiServices.builder(Concierge.class).chatModel(model).tools(new DeskTools())
                .chatMemoryProvider(customer -> MessageWindowChatMemory.withMaxMessages(20)).build();
        StringBuilder text = new StringBuilder("\nfront desk (LangChain4j; each chat runs as customer:<memory id>)\n");
        for (String[] chat : CHATS) {
            String answer = desk.chat(chat[0], chat[1]);
            text.append("  customer:").append(chat[0]).append(", offered ").append(model.offered).append('\n');
            for (String line : answer.split("\n")) {
                text.append("    ").append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** Asks for the tools a message names, then answers with each tool's result on a line. */
    static final class ScriptedModel implements ChatModel {
        /** The tools the last request offered, by name. */
        volatile List<String> offered = List.of();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            if (messages.get(messages.size() - 1) instanceof UserMessage user) {
                List<String> names = new ArrayList<>();
                for (ToolSpecification tool : request.toolSpecifications()) {
                    names.add(tool.name());
                }
                names.sort(null);
                offered = names;
                String[] words = user.singleText().split(" ");
                List<ToolExecutionRequest> calls = new ArrayList<>();
                for (int i = 0; i + 1 < words.length; i += 2) {
                    calls.add(ToolExecutionRequest.builder().id("call-" + i).name(words[i])
                            .arguments("{\"arg0\": \"" + words[i + 1] + "\"}").build());
                }
                return ChatResponse.builder().aiMessage(AiMessage.from(calls)).build();
            }
            List<String> results = new ArrayList<>();
            for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage result; i--) {
                results.add(0, result.toolName() + " -> " + result.text());
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(String.join("\n", results))).build();
        }
    }
}
