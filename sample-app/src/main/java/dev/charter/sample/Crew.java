package dev.charter.sample;

import dev.charter.Charter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs each agent on an executor of its own, under its own identity. Within an hour the agents
 * take turns in a fixed order, so every run of the day tells the same story.
 */
final class Crew implements AutoCloseable {

    private final Map<Agent, ExecutorService> executors = new LinkedHashMap<>();

    Crew(List<Agent> agents) {
        for (Agent agent : agents) {
            executors.put(agent, Executors.newSingleThreadExecutor(task -> new Thread(task, agent.identity())));
        }
    }

    void workHour(int hour) throws InterruptedException, ExecutionException {
        for (Map.Entry<Agent, ExecutorService> member : executors.entrySet()) {
            Agent agent = member.getKey();
            member.getValue().submit(() -> Charter.runAs(agent.identity(), () -> agent.workHour(hour))).get();
        }
    }

    @Override
    public void close() {
        executors.values().forEach(ExecutorService::shutdown);
    }
}
