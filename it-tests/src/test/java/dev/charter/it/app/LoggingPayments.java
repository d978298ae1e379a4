package dev.charter.it.app;

/** Overrides the scoped method without repeating the annotation. */
public class LoggingPayments extends Payments {

    @Override
    public String refund(String order, long cents) {
        return "logged " + order;
    }
}
