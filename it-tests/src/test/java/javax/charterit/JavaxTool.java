package javax.charterit;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;
import dev.charter.it.failclosed.Shapes;

/** An application class in a javax package: enforced like any other. */
public class JavaxTool {

    @ScopedAction("payments:refund")
    public String refund(@ActsOn String order) {
        Shapes.ran++;
        return order;
    }
}
