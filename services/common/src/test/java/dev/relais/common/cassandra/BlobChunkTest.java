package dev.relais.common.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobChunkTest {

  private record Part(String id, int number) {}

  private static void write(DataOutput out, Part part) throws IOException {
    out.writeUTF(part.id());
    out.writeInt(part.number());
  }

  private static Part read(DataInput in) throws IOException {
    return new Part(in.readUTF(), in.readInt());
  }

  @Test
  void entriesComeBackInTheirOrder() {
    List<Part> parts = List.of(new Part("0A1f", 1), new Part("", 0), new Part("é", -7));

    ByteBuffer chunk = BlobChunk.encode((byte) 1, parts, 16, BlobChunkTest::write);

    assertThat(BlobChunk.decode(chunk, (byte) 1, "test chunk", BlobChunkTest::read))
        .isEqualTo(parts);
    assertThat(chunk.position()).as("decoding leaves the buffer as it was").isZero();
  }

  @Test
  void aChunkOfAnotherVersionIsSkipped() {
    ByteBuffer newer =
        BlobChunk.encode((byte) 2, List.of(new Part("x", 1)), 16, BlobChunkTest::write);

    assertThat(BlobChunk.decode(newer, (byte) 1, "test chunk", BlobChunkTest::read)).isEmpty();
  }

  @Test
  void aTruncatedChunkIsCorrupt() {
    ByteBuffer whole =
        BlobChunk.encode((byte) 1, List.of(new Part("x", 1)), 16, BlobChunkTest::write);
    ByteBuffer truncated = whole.duplicate().limit(whole.limit() - 2);

    assertThatThrownBy(
            () -> BlobChunk.decode(truncated, (byte) 1, "test chunk", BlobChunkTest::read))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("corrupt test chunk");
  }
}
