package dev.plinth.connectors.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Long-lived client resources (connection pools, producers) of connectors, one per
 * tenant + app + connector name. Each is created for a fingerprint of its resolved settings: a call
 * with different settings (a new revision, a rotated secret) closes the old resource and creates a
 * new one. The number of resources is bounded; the least recently used is closed first.
 * Thread-safe.
 *
 * @param <R> the resource type
 */
public final class ConnectorResources<R> implements AutoCloseable {

    /** Which connector a resource belongs to. */
    public record Key(UUID tenantId, UUID appId, String connector) {
    }

    private record Entry<R>(String fingerprint, R resource) {
    }

    private final int capacity;
    private final Consumer<R> closer;
    private final LinkedHashMap<Key, Entry<R>> entries = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param capacity most resources kept open at once
     * @param closer   releases one resource; must not throw
     */
    public ConnectorResources(int capacity, Consumer<R> closer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.closer = closer;
    }

    /** The connector's resource for these settings, created (and older ones closed) when needed. */
    public R get(Key key, String fingerprint, Supplier<R> create) {
        List<R> retired = new ArrayList<>();
        R resource;
        synchronized (entries) {
            Entry<R> existing = entries.get(key);
            if (existing != null && existing.fingerprint().equals(fingerprint)) {
                return existing.resource();
            }
            if (existing != null) {
                entries.remove(key);
                retired.add(existing.resource());
            }
            resource = create.get();
            entries.put(key, new Entry<>(fingerprint, resource));
            Iterator<Map.Entry<Key, Entry<R>>> eldest = entries.entrySet().iterator();
            while (entries.size() > capacity && eldest.hasNext()) {
                retired.add(eldest.next().getValue().resource());
                eldest.remove();
            }
        }
        // Closing may wait for in-flight work; do it outside the lock so other connectors go on.
        retired.forEach(closer);
        return resource;
    }

    /** How many resources are open. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public void close() {
        List<R> all;
        synchronized (entries) {
            all = entries.values().stream().map(Entry::resource).toList();
            entries.clear();
        }
        all.forEach(closer);
    }

    /** A SHA-256 fingerprint of settings values (already resolved, so it never is stored in clear). */
    public static String fingerprint(Object... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
