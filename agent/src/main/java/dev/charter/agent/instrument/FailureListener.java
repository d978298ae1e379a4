package dev.charter.agent.instrument;

import java.lang.System.Logger.Level;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/** Reports classes that could not be rewritten: the JVM would otherwise load them unchecked in silence. */
final class FailureListener extends AgentBuilder.Listener.Adapter {

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        System.getLogger("dev.charter").log(Level.ERROR,
                "Charter could not rewrite " + typeName + ": its scoped methods run UNCHECKED", error);
    }
}
