package dev.charter.agent.instrument;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Keeps the class files Byte Buddy parses, per class loader, so that a supertype shared by many
 * classes is read and parsed once rather than once per subclass; bounded, and dropped with its loader.
 */
final class TypePools {

    private static final int TYPES_PER_LOADER = 10_000;

    private TypePools() {
    }

    static AgentBuilder.PoolStrategy perClassLoader() {
        Cache<ClassLoader, TypePool.CacheProvider> loaders = Caffeine.newBuilder()
                .weakKeys()
                .executor(Runnable::run)
                .build();
        TypePool.CacheProvider bootstrap = new Bounded();
        return new AgentBuilder.PoolStrategy.WithTypePoolCache(TypePool.Default.ReaderMode.FAST) {
            @Override
            protected TypePool.CacheProvider locate(ClassLoader loader) {
                return loader == null ? bootstrap : loaders.get(loader, ignored -> new Bounded());
            }
        };
    }

    /** One class loader's parsed types. */
    private static final class Bounded implements TypePool.CacheProvider {

        private final Cache<String, TypePool.Resolution> types = Caffeine.newBuilder()
                .maximumSize(TYPES_PER_LOADER)
                .executor(Runnable::run)
                .build();

        @Override
        public TypePool.Resolution find(String name) {
            return types.getIfPresent(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            TypePool.Resolution known = types.asMap().putIfAbsent(name, resolution);
            return known == null ? resolution : known;
        }

        @Override
        public void clear() {
            types.invalidateAll();
        }
    }
}
