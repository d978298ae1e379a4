package dev.charter.agent.frameworks;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/** Reports a framework class that could not be rewritten, and what that leaves undone: the JVM says nothing. */
final class Failures extends AgentBuilder.Listener.Adapter {

    private final String consequence;

    Failures(String consequence) {
        this.consequence = consequence;
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        System.getLogger("dev.charter").log(System.Logger.Level.ERROR,
                "Charter could not rewrite " + typeName + ": " + consequence, error);
    }
}
