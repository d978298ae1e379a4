package dev.charter.agent.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable, validated Charter policy (format version 1): the declared identities, what each
 * may do, and on whose behalf. Thread-safe.
 *
 * <p>The effective authority of an identity is its own grants intersected with the effective
 * authority of its principal ({@code on-behalf-of}), recursively. {@link #decide} answers one
 * question against it and names the policy line that decided; {@link #coverage} tells, per action
 * scope, whether the answer can depend on the resource at all.
 *
 * <p>A call that {@link #decide} allows may still have to meet the limits of the grants that allowed
 * it ({@link #limits}: spend per call, budgets, rates, active hours, expiry) and the policy's
 * governance rules ({@link #deferrals}, {@link #exclusive}); {@link #constrained} tells whether any
 * of these can apply at all. {@link #overlaps} lists where two identities reach one exclusive scope,
 * {@link #narrowed} the grants of delegates that reach beyond their principal's authority.
 */
public final class Policy {

    private static final Decision UNDECLARED = new Decision(false, "identity is not declared in the policy", null);

    private final String file;
    private final Mode mode;
    private final Map<String, Identity> identities;
    private final Map<String, List<String>> chains;
    private final Governance governance;
    private final List<Overlap> overlaps;
    private final List<ActionTarget> actions;
    private final Trust trust;
    private final Map<String, FrameworkBinding> bindings;

    /**
     * A policy of {@code identities}, in file order, whose delegations are declared and acyclic, with
     * {@code governance} and the {@code overlaps} of its exclusive rules ({@link Overlaps#find}).
     */
    Policy(String file, Mode mode, Map<String, Identity> identities, Governance governance, List<Overlap> overlaps,
            List<ActionTarget> actions, Map<String, FrameworkBinding> bindings, Trust trust) {
        this.file = file;
        this.trust = trust;
        this.bindings = Map.copyOf(bindings);
        this.actions = List.copyOf(actions);
        this.mode = mode;
        this.governance = governance;
        this.overlaps = List.copyOf(overlaps);
        this.identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (Map.Entry<String, Identity> identity : identities.entrySet()) {
            List<String> chain = new ArrayList<>();
            for (String principal = identity.getValue().principal(); principal != null;
                    principal = identities.get(principal).principal()) {
                chain.add(principal);
            }
            chains.put(identity.getKey(), List.copyOf(chain));
        }
        this.chains = chains;
    }

    /**
     * Reads and validates the policy in {@code file}: {@link #parse(byte[], String)} of {@link #read}.
     *
     * @throws PolicyException if the file cannot be read ({@code "<file>: cannot read: <why>"}) or
     *                         is not a valid policy; {@code <file>} is {@code file.toString()}
     */
    public static Policy load(Path file) throws PolicyException {
        return parse(read(file), file.toString());
    }

    /**
     * Reads the bytes of the policy file {@code file}, which must be a regular file (through symbolic
     * links) of at most 4 MiB. Anything else is refused without reading it whole, and without blocking
     * (a FIFO is never opened). The agent reads the policy this way at start and on every reload.
     *
     * @throws PolicyException {@code "<file>: cannot read: <why>"}
     */
    public static byte[] read(Path file) throws PolicyException {
        return PolicySource.read(file);
    }

    /**
     * Validates the policy file content {@code content}, which must be UTF-8.
     *
     * @param fileName the name that problems and decisions' rules give for the file
     * @throws PolicyException if {@code content} is not UTF-8 (at the line and column of the first bad
     *                         byte) or not a valid policy
     */
    public static Policy parse(byte[] content, String fileName) throws PolicyException {
        return parse(new PolicySource(fileName).decode(content), fileName);
    }

    /**
     * Validates the policy text {@code yaml}. Nothing but a {@link PolicyException} escapes, whatever
     * the text.
     *
     * @param fileName the name that problems and decisions' rules give for the file
     * @throws PolicyException if {@code yaml} is not a valid policy; the message gives
     *                         {@code fileName:line:column} of the problem
     */
    public static Policy parse(String yaml, String fileName) throws PolicyException {
        return PolicyParser.parse(yaml, fileName);
    }

    /**
     * Compiles a scope pattern, as a grant's {@code scope} is written, into a test of action scopes.
     *
     * @throws IllegalArgumentException if {@code pattern} is not a valid scope pattern; the message says why
     */
    public static Predicate<String> scopePattern(String pattern) {
        String problem = pattern == null ? "no scope given" : ScopePattern.problemWith(pattern);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return ScopePattern.compile(pattern)::implies;
    }

    /** Returns why an action may not carry {@code scope}, or {@code null} if it may. */
    public static String checkActionScope(String scope) {
        return ScopePattern.problemWithActionScope(scope);
    }

    /** The {@code bind} entry of {@code framework}, or {@code null} when its calls bind no identity. */
    public FrameworkBinding binding(String framework) {
        return bindings.get(framework);
    }

    /** The {@code actions} entries: code to enforce that carries no {@code @ScopedAction}. */
    public List<ActionTarget> actions() {
        return actions;
    }

    /** The {@code trust} section: issuers whose passports are accepted, and where passports go; {@code null} without one. */
    public Trust trust() {
        return trust;
    }

    /** The policy file's name, as given to {@link #load} or {@link #parse}. */
    public String file() {
        return file;
    }

    /** Whether refusals block ({@link Mode#ENFORCE}) or are only recorded ({@link Mode#AUDIT}). */
    public Mode mode() {
        return mode;
    }

    /** The declared identities, in file order. */
    public Set<String> identities() {
        return identities.keySet();
    }

    /** Whether the policy declares {@code identity}. */
    public boolean declares(String identity) {
        return identities.containsKey(identity);
    }

    /**
     * The principals {@code identity} acts on behalf of, nearest first: its {@code on-behalf-of},
     * that identity's, and so on. Empty when it acts on its own or is not declared.
     */
    public List<String> chain(String identity) {
        return chains.getOrDefault(identity, List.of());
    }

    /**
     * How much of the action scope {@code scope} {@code identity} holds: {@link Coverage#NONE} if it
     * is undeclared, no own grant implies the scope or its principal's coverage is {@code NONE};
     * {@link Coverage#ALL_RESOURCES} if an own grant implying the scope lists no resources and its
     * principal, if any, covers all resources too; else {@link Coverage#SOME_RESOURCES}.
     *
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public Coverage coverage(String identity, String scope) {
        requireActionScope(scope);
        Identity requester = identities.get(identity);
        if (requester == null) {
            return Coverage.NONE;
        }
        Coverage coverage = Coverage.ALL_RESOURCES;
        for (Identity level = requester; level != null; level = principalOf(level)) {
            Coverage own = level.ownCoverage(scope);
            if (own == Coverage.NONE) {
                return Coverage.NONE;
            }
            if (own == Coverage.SOME_RESOURCES) {
                coverage = Coverage.SOME_RESOURCES;
            }
        }
        return coverage;
    }

    /**
     * Decides whether {@code identity} may act with {@code scope} on {@code resource}:
     * <ol>
     * <li>an undeclared identity is refused: "identity is not declared in the policy";
     * <li>with no own grant implying the scope: "no rule grants it";
     * <li>when no such grant covers the resource: "resource not granted", or, when the action
     *     names no resource, "granted only on listed resources, and this action names none",
     *     naming the first such grant;
     * <li>when the principal would be refused the same: "exceeds the authority of principal
     *     &lt;principal&gt;", naming the identity's {@code on-behalf-of} line;
     * <li>otherwise allowed: "granted", naming the first own grant that covers the resource.
     * </ol>
     * A grant without {@code resources} covers every resource; one with them covers a resource one
     * of its globs matches, and never an action that names none.
     *
     * @param resource the resource the action touches, or {@code null} when it names none
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public Decision decide(String identity, String scope, String resource) {
        requireActionScope(scope);
        Identity requester = identities.get(identity);
        if (requester == null) {
            return UNDECLARED;
        }
        Decision own = requester.decideOwn(scope, resource);
        if (!own.allowed()) {
            return own;
        }
        for (Identity principal = principalOf(requester); principal != null; principal = principalOf(principal)) {
            if (!principal.decideOwn(scope, resource).allowed()) {
                return requester.exceedsPrincipal();
            }
        }
        return own;
    }

    /**
     * The resource globs, as written, of {@code identity}'s own grants that imply {@code scope}, in file
     * order without repeats: what a refusal of a resource it was not granted names as allowed. Empty
     * when it is undeclared, holds no such grant, or one of them covers every resource.
     *
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public List<String> grantedResources(String identity, String scope) {
        requireActionScope(scope);
        Identity requester = identities.get(identity);
        Set<String> globs = new LinkedHashSet<>();
        for (Grant grant : requester == null ? List.<Grant>of() : requester.grants()) {
            if (grant.implies(scope)) {
                if (grant.coversEveryResource()) {
                    return List.of();
                }
                grant.resources().forEach(glob -> globs.add(glob.toString()));
            }
        }
        return List.copyOf(globs);
    }

    /**
     * What each level of {@code identity}'s chain decides from its own grants alone, ignoring its
     * principals: the identity first, then its principals nearest first, each as {@link #decide} would
     * for an identity acting on its own. {@link #decide} allows exactly when every level does, and
     * otherwise refuses with the identity's own decision or, when only principals refuse, with the
     * identity's {@code on-behalf-of} line. Empty when the identity is not declared.
     *
     * @param resource the resource the action touches, or {@code null} when it names none
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public List<Decision> levels(String identity, String scope, String resource) {
        requireActionScope(scope);
        List<Decision> levels = new ArrayList<>();
        for (Identity level = identities.get(identity); level != null; level = principalOf(level)) {
            levels.add(level.decideOwn(scope, resource));
        }
        return List.copyOf(levels);
    }

    /**
     * The limits a call that {@link #decide} allows must also meet: one list per level of
     * {@code identity}'s chain, the identity itself first and then its principals nearest first, each
     * holding the limits of that level's own grants that imply {@code scope} and cover
     * {@code resource}, in file order ({@link Limits#none} for a grant without limits). Every level
     * has at least one. Empty when {@link #decide} refuses the call.
     *
     * @param resource the resource the action touches, or {@code null} when it names none
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public List<List<Limits>> limits(String identity, String scope, String resource) {
        if (!decide(identity, scope, resource).allowed()) {
            return List.of();
        }
        List<List<Limits>> levels = new ArrayList<>();
        for (Identity level = identities.get(identity); level != null; level = principalOf(level)) {
            levels.add(level.coveringLimits(scope, resource));
        }
        return List.copyOf(levels);
    }

    /**
     * Whether a call of {@code identity} with {@code scope} may have to meet more than scope and
     * resource: some own grant of the identity or of a principal up its chain implies the scope and
     * has limits, or a governance rule (deferral or exclusive) implies it. When false, {@link #decide}
     * alone settles every such call.
     *
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public boolean constrained(String identity, String scope) {
        requireActionScope(scope);
        if (governance.matches(scope)) {
            return true;
        }
        for (Identity level = identities.get(identity); level != null; level = principalOf(level)) {
            if (level.hasLimits(scope)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The governance rules that defer actions with {@code scope} for approval: those whose pattern
     * implies it, in file order. Whether one applies to a call depends on its spend ({@link Deferral#applies}).
     *
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public List<Deferral> deferrals(String scope) {
        requireActionScope(scope);
        return governance.deferrals(scope);
    }

    /**
     * The exclusive rule that governs actions with {@code scope}: the first whose pattern implies it,
     * or {@code null} when none does.
     *
     * @throws IllegalArgumentException if {@code scope} is not a valid action scope ({@link #checkActionScope})
     */
    public Exclusive exclusive(String scope) {
        requireActionScope(scope);
        return governance.exclusive(scope);
    }

    /**
     * Every pair of identities whose effective authority reaches an exclusive scope on one resource,
     * neither acting on behalf of the other: per exclusive rule in file order, per pair of identities
     * in file order, with an example scope and resource. A valid policy has some only under rules with
     * a {@code lease}, which settle them at run time; those without one make the policy invalid.
     */
    public List<Overlap> overlaps() {
        return overlaps;
    }

    /**
     * Every pair of identities whose effective authority reaches one action scope on one resource,
     * neither acting on behalf of the other (two delegates of one principal do overlap), where the scope
     * is neither exclusive nor acknowledged as {@code shared}: the seed of two agents undoing each
     * other's work. Per pair in file order, with a witness scope and resource; computed on each call.
     */
    public List<Overlap> ungovernedOverlaps() {
        return Overlaps.ungoverned(identities, governance);
    }

    /** Every grant of every identity, identity by identity and grant by grant in file order, as written. */
    public List<WrittenGrant> grants() {
        List<WrittenGrant> grants = new ArrayList<>();
        identities.forEach((name, identity) -> identity.grants().forEach(grant -> grants.add(WrittenGrant.of(name, grant))));
        return List.copyOf(grants);
    }

    /**
     * Every grant of a delegate that covers some call its principal's effective authority does not, so
     * that the delegate's effective authority is narrower than the grant says: per identity and grant in
     * file order, with an example of such a call. Computed on each call of this method.
     */
    public List<Narrowed> narrowed() {
        return Narrowing.find(identities);
    }

    /**
     * The authority each identity has under this policy and not under {@code other}: per identity in
     * file order, each part of its effective authority (a scope pattern on a conjunction of resource
     * globs) that covers some call its effective authority under {@code other} does not, with such a
     * call. An identity {@code other} does not declare has no authority there. Computed on each call.
     */
    public List<Reach> beyond(Policy other) {
        ScopePattern everything = ScopePattern.compile("*");
        Overlaps mine = new Overlaps(identities, everything);
        Overlaps theirs = new Overlaps(other.identities, everything);
        List<Reach> beyond = new ArrayList<>();
        identities.keySet().forEach(name -> {
            List<Overlaps.Term> there = other.identities.containsKey(name) ? theirs.terms(name) : List.of();
            Set<Reach> seen = new LinkedHashSet<>();
            for (Narrowing.Beyond gap : Narrowing.beyond(mine.terms(name), there)) {
                seen.add(new Reach(name, gap.term().scope().toString(),
                        gap.term().resources().stream().map(ResourceGlob::toString).toList(), gap.term().grant().rule(),
                        gap.scope(), gap.resource()));
            }
            beyond.addAll(seen);
        });
        return List.copyOf(beyond);
    }

    /** The limits of {@code grant}'s identity's grants written with its scope and resources, in file order. */
    public List<Limits> limitsOf(WrittenGrant grant) {
        Identity identity = identities.get(grant.identity());
        if (identity == null) {
            return List.of();
        }
        List<Limits> limits = new ArrayList<>();
        for (Grant own : identity.grants()) {
            WrittenGrant written = WrittenGrant.of(grant.identity(), own);
            if (written.scope().equals(grant.scope()) && written.resources().equals(grant.resources())) {
                limits.add(own.limits());
            }
        }
        return limits;
    }

    /** Every deferral of the policy's governance, in file order. */
    public List<Deferral> deferrals() {
        return governance.deferrals();
    }

    /** Every exclusive rule of the policy's governance, in file order. */
    public List<Exclusive> exclusives() {
        return governance.exclusives();
    }

    private Identity principalOf(Identity identity) {
        return identity.principal() == null ? null : identities.get(identity.principal());
    }

    private static void requireActionScope(String scope) {
        String problem = ScopePattern.problemWithActionScope(scope);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Says in a few words why a file could not be read. */
    static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        String reason = e instanceof FileSystemException fileSystem ? fileSystem.getReason() : e.getMessage();
        return reason != null ? reason : e.getClass().getSimpleName();
    }
}
