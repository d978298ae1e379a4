package dev.charter.it.app.passport;

import dev.charter.Charter;

/**
 * Binds each passport given as {@code name=passport} and calls the tools under it, printing
 * {@code <name>.current}, {@code <name>.refund-eu}, {@code <name>.refund-us}, {@code <name>.report}
 * and {@code <name>.after}, or {@code <name> DENIED <message>} when the passport is refused.
 */
public final class PassportBind {

    private PassportBind() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            String name = arg.substring(0, arg.indexOf('='));
            String passport = arg.substring(arg.indexOf('=') + 1);
            for (int time = 0; time < 2; time++) { // the second time from the cache
                String tag = time == 0 ? name : name + ".again";
                try (Charter.Binding bound = Charter.bindPassport(passport)) {
                    System.out.println(tag + ".current " + Charter.current().orElse("none"));
                    System.out.println(tag + ".refund-eu " + Tools.outcome(() -> Tools.refund("order/EU-1")));
                    System.out.println(tag + ".refund-us " + Tools.outcome(() -> Tools.refund("order/US-1")));
                    System.out.println(tag + ".report " + Tools.outcome(Tools::report));
                } catch (SecurityException e) {
                    System.out.println(tag + " DENIED " + e.getMessage());
                }
                System.out.println(tag + ".after " + Charter.current().orElse("none"));
            }
        }
    }
}
