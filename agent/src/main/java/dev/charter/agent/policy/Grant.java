package dev.charter.agent.policy;

import java.util.List;

/**
 * One grant of an identity: a scope pattern, the resources it is limited to, the decisions it makes,
 * and the limits that a call it allows must also meet.
 */
final class Grant {

    private final ScopePattern scope;
    /** The resource globs; empty when the grant covers every resource. */
    private final ResourceGlob[] resources;
    private final Decision allows;
    private final Decision resourceNotGranted;
    private final Decision namesNoResource;
    private final String rule;
    private final Limits limits;

    /**
     * A grant whose decisions name {@code rule}, the {@code file:line} of its {@code scope} key, and
     * whose calls must also meet {@code limits} ({@link Limits#none} when it has none).
     */
    Grant(ScopePattern scope, List<ResourceGlob> resources, String rule, Limits limits) {
        this.scope = scope;
        this.resources = resources.toArray(new ResourceGlob[0]);
        this.rule = rule;
        this.limits = limits;
        this.allows = new Decision(true, "granted", rule);
        this.resourceNotGranted = new Decision(false, "resource not granted", rule);
        this.namesNoResource = new Decision(false, "granted only on listed resources, and this action names none", rule);
    }

    /** The grant's scope pattern. */
    ScopePattern scope() {
        return scope;
    }

    /** The grant's resource globs; empty when it covers every resource. */
    List<ResourceGlob> resources() {
        return List.of(resources);
    }

    /** {@code file:line} of the grant's {@code scope} key. */
    String rule() {
        return rule;
    }

    /** What a call this grant allows must also meet; {@link Limits#none} when nothing. */
    Limits limits() {
        return limits;
    }

    boolean implies(String actionScope) {
        return scope.implies(actionScope);
    }

    boolean coversEveryResource() {
        return resources.length == 0;
    }

    /** Whether this grant covers {@code resource}; {@code null}, an action naming no resource, only when it lists none. */
    boolean covers(String resource) {
        if (resources.length == 0) {
            return true;
        }
        if (resource == null) {
            return false;
        }
        for (ResourceGlob glob : resources) {
            if (glob.matches(resource)) {
                return true;
            }
        }
        return false;
    }

    /** The decision allowing an action under this grant. */
    Decision allows() {
        return allows;
    }

    /** The decision refusing {@code resource}, which this grant does not cover. */
    Decision refuses(String resource) {
        return resource == null ? namesNoResource : resourceNotGranted;
    }
}
