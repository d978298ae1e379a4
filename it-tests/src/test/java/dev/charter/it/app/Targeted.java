package dev.charter.it.app;

import dev.charter.Charter;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.util.concurrent.Callable;

/**
 * Code with no {@code @ScopedAction}, enforced through the policy's {@code actions}: a LangChain4j
 * tool run by LangChain4j's own tool executor, and a method named by its signature.
 */
public final class Targeted {

    private Targeted() {
    }

    /** A LangChain4j tool. */
    public static final class Weather {
        @Tool("the forecast for a city")
        public String forecast(String city) {
            return "sunny in " + city;
        }
    }

    /** Code that cannot be annotated. */
    public static final class Ledger {
        public String credit(String account, long cents) {
            return "credited " + account + " " + cents;
        }
    }

    public static void main(String[] args) throws Exception {
        Weather weather = new Weather();
        DefaultToolExecutor tools = new DefaultToolExecutor(weather, Weather.class.getMethod("forecast", String.class));
        ToolExecutionRequest request = ToolExecutionRequest.builder().id("1").name("forecast")
                .arguments("{\"arg0\": \"Paris\"}").build();
        // LangChain4j hands a failing tool's message to the model as the tool's result
        System.out.println("tool-unbound " + tools.execute(request, "memory"));
        System.out.println("tool-alice " + Charter.callAs("user:alice", () -> tools.execute(request, "memory")));
        // a method in another jar, from Maven Central: Jackson's
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        print("jar-unbound", () -> json.readTree("{}"));
        print("jar-alice", () -> Charter.callAs("user:alice", () -> json.readTree("{}")));
        Ledger ledger = new Ledger();
        print("ledger-bot-A", () -> Charter.callAs("agent:bot", () -> ledger.credit("acct/A-1", 500)));
        print("ledger-bot-B", () -> Charter.callAs("agent:bot", () -> ledger.credit("acct/B-1", 500)));
    }

    private static void print(String name, Callable<?> action) {
        System.out.println(name + " " + Scenarios.outcome(action));
    }
}
