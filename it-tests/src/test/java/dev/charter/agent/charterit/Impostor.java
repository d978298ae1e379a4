package dev.charter.agent.charterit;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.it.failclosed.Shapes;

/** An application class whose package starts like the agent's: enforced like any other. */
public class Impostor {

    @ScopedAction("payments:refund")
    public String refund(@ActsOn String order) {
        Shapes.ran++;
        return order;
    }
}
