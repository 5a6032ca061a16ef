package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first two commands are the ones that exist and that CI runs, so they cannot rot.
 * (Running {@code ./start.sh} itself is covered by {@link MainProcessTest}'s process start.)
 */
class ReadmeCommandsTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void readmeOpensWithTheRunAndTestCommandsThatExist() throws Exception {
    List<String> blocks = codeBlocks(Files.readString(ROOT.resolve("README.md")));

    assertThat(blocks.get(0)).isEqualTo("./start.sh");
    assertThat(blocks.get(1)).isEqualTo("./mvnw verify");
    assertThat(ROOT.resolve("start.sh")).isExecutable();
    assertThat(ROOT.resolve("mvnw")).isExecutable();
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws Exception {
    String ci = Files.readString(ROOT.resolve(".ci/run"));

    assertThat(ci).containsPattern("(?m)^\\./mvnw (-B )?verify$");
  }

  private static List<String> codeBlocks(String markdown) {
    Matcher block = Pattern.compile("```\\w*\\n(.*?)\\n```", Pattern.DOTALL).matcher(markdown);
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1).trim());
    }
    return blocks;
  }
}
