package dev.charter.it.app.passport;

import dev.charter.Charter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Binds each passport read from standard input, one per line, and refunds {@code order/EU-1} under
 * it; answers one line each: {@code ALLOWED as <identity>}, {@code DENIED <message>} for a refused
 * refund, or {@code REFUSED <message>} for a refused passport.
 */
public final class PassportDesk {

    private PassportDesk() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String passport = in.readLine(); passport != null; passport = in.readLine()) {
            String answer;
            try (Charter.Binding bound = Charter.bindPassport(passport)) {
                answer = Tools.outcome(() -> Tools.refund("order/EU-1"));
            } catch (SecurityException e) {
                answer = "REFUSED " + e.getMessage();
            }
            System.out.println(answer);
            System.out.flush();
        }
    }
}
