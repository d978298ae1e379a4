package dev.charter.bench;

import org.openjdk.jmh.annotations.CompilerControl;
import org.springframework.security.access.prepost.PreAuthorize;

/** The target behind Spring Security's method-security proxies: the same body as {@link Targets}. */
public class SpringRefunds {

    @PreAuthorize("hasAuthority('payments:refund')")
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public long refund(long cents) {
        return cents + 1;
    }
}
