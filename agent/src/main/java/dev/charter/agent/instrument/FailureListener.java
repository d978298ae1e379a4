package dev.charter.agent.instrument;

import java.lang.System.Logger.Level;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports JDK classes that could not be taught to carry identities. Work they run then starts
 * unbound, so its scoped actions are refused, never run unchecked; the report says why.
 */
final class FailureListener extends AgentBuilder.Listener.Adapter {

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        System.getLogger("dev.charter").log(Level.ERROR,
                "Charter could not carry identities through " + typeName + ": work it runs starts unbound: " + error);
    }
}
