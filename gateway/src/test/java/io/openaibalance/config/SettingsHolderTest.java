package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsHolderTest {
  @TempDir Path dir;

  private Settings settingsWithPort(int port) {
    return SettingsLoader.load(dir, Map.of("PORT", String.valueOf(port)), Map.of());
  }

  @Test
  void replaceSwapsTheSnapshotThenTellsListeners() {
    Settings first = settingsWithPort(1);
    Settings second = settingsWithPort(2);
    SettingsHolder holder = new SettingsHolder(first);
    List<Settings> seenByListener = new ArrayList<>();
    List<Settings> currentDuringListener = new ArrayList<>();
    holder.onChange(seenByListener::add);
    holder.onChange(s -> currentDuringListener.add(holder.current()));

    assertThat(holder.current()).isSameAs(first);
    holder.replace(second);

    assertThat(holder.current()).isSameAs(second);
    assertThat(seenByListener).containsExactly(second);
    assertThat(currentDuringListener).containsExactly(second);
  }

  @Test
  void aFailingListenerDoesNotKeepOthersOnTheOldSnapshot() {
    SettingsHolder holder = new SettingsHolder(settingsWithPort(1));
    List<Integer> ports = new ArrayList<>();
    holder.onChange(s -> {
      throw new IllegalStateException("listener bug");
    });
    holder.onChange(s -> ports.add(s.port()));

    holder.replace(settingsWithPort(2));

    assertThat(ports).containsExactly(2);
    assertThat(holder.current().port()).isEqualTo(2);
  }
}
