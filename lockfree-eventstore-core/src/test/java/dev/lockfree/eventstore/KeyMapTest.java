package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyMapTest {

    @Test
    void idsAreDenseFromOneAndStable() {
        KeyMap map = new KeyMap();
        assertThat(map.getOrAdd("a")).isEqualTo(1);
        assertThat(map.getOrAdd("b")).isEqualTo(2);
        assertThat(map.getOrAdd("a")).isEqualTo(1);
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.tryGet("b")).hasValue(2);
        assertThat(map.tryGet("zzz")).isEmpty();
        assertThat(map.tryGetKey(1)).contains("a");
        assertThat(map.tryGetKey(3)).isEmpty();
        assertThat(map.mappings()).isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void clearNeverReissuesAnId() {
        KeyMap map = new KeyMap();
        map.getOrAdd("a");
        map.getOrAdd("b");
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.tryGetKey(1)).isEmpty();
        assertThat(map.getOrAdd("c")).isEqualTo(3);
    }

    @Test
    void nullKeysAreRejected() {
        KeyMap map = new KeyMap();
        assertThatThrownBy(() -> map.getOrAdd(null)).isInstanceOf(NullPointerException.class).hasMessage("key must not be null");
        assertThatThrownBy(() -> map.tryGet(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mappingsIsACopy() {
        KeyMap map = new KeyMap();
        map.getOrAdd("a");
        Map<String, Integer> copy = map.mappings();
        map.getOrAdd("b");
        assertThat(copy).containsOnlyKeys("a");
        assertThatThrownBy(() -> copy.put("x", 9)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void storeOwnsAKeyMap() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).create();
        int id = store.keyMap().getOrAdd("orders");
        store.tryAppend(new Event(id, 2.5, 1000L));
        assertThat(store.copyPartition(store.partitionFor(id))).containsExactly(new Event(id, 2.5, 1000L));
    }
}
