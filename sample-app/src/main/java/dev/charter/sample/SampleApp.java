package dev.charter.sample;

/** Placeholder until the sample crew lands. */
public final class SampleApp {
    private SampleApp() {
    }

    public static void main(String[] args) {
        System.out.println("charter sample");
    }
}
