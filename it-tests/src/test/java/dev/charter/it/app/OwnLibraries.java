package dev.charter.it.app;

import com.github.benmanes.caffeine.cache.Caffeine;
import net.bytebuddy.ByteBuddy;

/** An application with its own ByteBuddy and Caffeine: prints where they were loaded from, then runs a scenario. */
public final class OwnLibraries {

    private OwnLibraries() {
    }

    public static void main(String[] args) {
        System.out.println("bytebuddy " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("caffeine " + Caffeine.class.getProtectionDomain().getCodeSource().getLocation());
        Caffeine.newBuilder().maximumSize(1).build().put("works", "yes");
        new ByteBuddy().subclass(Object.class).make();
        System.out.println("unbound-refund " + Scenarios.outcome(Scenarios.ALL.get("unbound-refund")));
        System.out.println("alice-refund " + Scenarios.outcome(Scenarios.ALL.get("alice-refund")));
    }
}
