package dev.charter.it.app;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads and uses the scoped classes with no agent, then attaches the agent to itself
 * ({@code args[0]} the agent jar, {@code args[1]} its options) and runs the same calls again.
 */
public final class AttachLater {

    private AttachLater() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("before unbound-refund " + Scenarios.outcome(Scenarios.ALL.get("unbound-refund")));
        System.out.println("before static " + Scenarios.outcome(Scenarios.ALL.get("static")));
        VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            self.loadAgent(args[0], args[1]);
        } finally {
            self.detach();
        }
        for (String name : new String[] {"unbound-refund", "static", "alice-refund", "bot-us"}) {
            System.out.println("after " + name + " " + Scenarios.outcome(Scenarios.ALL.get(name)));
        }
    }
}
