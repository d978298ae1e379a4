package dev.charter.bench;

import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;

/**
 * Spring Security 7 method security as an application gets it: an AOP proxy (CGLIB, as Spring Boot
 * makes them) around the target, with an {@link AuthorizationManagerBeforeMethodInterceptor}, and
 * the authenticated user in the thread's {@code SecurityContext}.
 */
final class SpringSecurity {

    private static final String FACTORY = "org.apache.commons.logging.LogFactory";
    private static final String LOG = "org.apache.commons.logging.Log";

    private SpringSecurity() {
    }

    /** How Spring logs; chosen before any Spring class is initialized, so once per fork. */
    enum Logging {
        /**
         * What commons-logging (Spring 7's logging API) picks with no logging library on the class
         * path: {@code java.util.logging} at INFO. Its adapter builds each debug message before it
         * checks the level, and Spring Security's interceptor logs three per call at debug.
         */
        DEFAULT("org.apache.commons.logging.impl.Jdk14Logger"),
        /** commons-logging's no-op log: nothing is built, nothing is written. */
        OFF("org.apache.commons.logging.impl.NoOpLog");

        final String logClass;

        Logging(String logClass) {
            this.logClass = logClass;
        }

        /** Selects this logging; the bench jar holds SLF4J (for jcasbin), so discovery is not left to chance. */
        void select() {
            System.setProperty(FACTORY, "org.apache.commons.logging.impl.LogFactoryImpl");
            System.setProperty(LOG, logClass);
        }

        /** Fails if Spring Security's interceptor does not log through this logging. */
        void require() {
            String actual = LogFactory.getLog(AuthorizationManagerBeforeMethodInterceptor.class).getClass().getName();
            if (!actual.equals(logClass)) {
                throw new IllegalStateException("Spring logs through " + actual + ", not " + logClass
                        + ": commons-logging was configured before this benchmark selected its logging");
            }
        }
    }

    /** Puts an authenticated user holding {@code authorities} into this thread's security context. */
    static void authenticate(String user, String... authorities) {
        SecurityContextHolder.setContext(new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated(user, null,
                        AuthorityUtils.createAuthorityList(authorities))));
    }

    static void clear() {
        SecurityContextHolder.clearContext();
    }

    /** {@code @PreAuthorize("hasAuthority('payments:refund')")} on the target, evaluated as SpEL. */
    static SpringRefunds preAuthorize() {
        return proxy(AuthorizationManagerBeforeMethodInterceptor.preAuthorize());
    }

    /** {@code AuthorityAuthorizationManager.hasAuthority("payments:refund")}: no expression language. */
    static SpringRefunds authorizationManager() {
        AuthorizationManager<MethodInvocation> manager = AuthorityAuthorizationManager.hasAuthority("payments:refund");
        return proxy(new AuthorizationManagerBeforeMethodInterceptor(Pointcut.TRUE, manager));
    }

    private static SpringRefunds proxy(AuthorizationManagerBeforeMethodInterceptor interceptor) {
        ProxyFactory factory = new ProxyFactory(new SpringRefunds());
        factory.setProxyTargetClass(true);
        factory.addAdvisor(interceptor);
        return (SpringRefunds) factory.getProxy(SpringRefunds.class.getClassLoader());
    }

    /** Fails unless {@code proxy} refuses a user who lacks the authority, then restores {@code user}. */
    static void requireRefusal(SpringRefunds proxy, String user, String... authorities) {
        authenticate(user);
        try {
            proxy.refund(1);
            throw new IllegalStateException("the Spring Security proxy let a user without authorities call refund");
        } catch (AccessDeniedException expected) {
            // checked for real
        } finally {
            authenticate(user, authorities);
        }
    }
}
