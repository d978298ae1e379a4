package dev.charter.it.app;

import dev.charter.ActsOn;
import dev.charter.ScopedAction;

public class Orders {

    @ScopedAction("orders:write")
    public String write(@ActsOn String id) {
        return "wrote " + id;
    }

    @ScopedAction("orders:delete")
    public String delete(@ActsOn String id) {
        return "deleted " + id;
    }
}
