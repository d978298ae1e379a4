package dev.charter.it.app;

import dev.charter.Charter;

/** Prints {@code Charter.enforcing()}, then what {@code Charter.requireEnforcement()} does. */
public final class Enforcing {

    private Enforcing() {
    }

    public static void main(String[] args) {
        System.out.println("enforcing " + Charter.enforcing());
        try {
            Charter.requireEnforcement();
            System.out.println("required");
        } catch (IllegalStateException e) {
            System.out.println("refused " + e.getMessage());
        }
    }
}
