package dev.relais.contacts.importing;

import com.google.protobuf.ByteString;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the messages of an import call from the gRPC thread to the import's own reading thread
 * through a small bounded queue.
 *
 * <p>When the queue is full the gRPC thread waits, HTTP/2 flow control stops the client, and memory
 * stays bounded (a few chunks) whatever the size of the file. Once the import has given up (file
 * refused, client gone) the feed drops whatever still arrives, so the gRPC thread never waits for a
 * reader that will not come back.
 */
final class ImportFeed {

  /** Messages buffered between the gRPC thread and the reader: at most 16 chunks in memory. */
  static final int CAPACITY = 16;

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
  private volatile boolean abandoned;

  /** The client cancelled the call or the connection broke. */
  static final class CancelledException extends IOException {
    private static final long serialVersionUID = 1L;

    CancelledException(Throwable cause) {
      super("the client cancelled the import", cause);
    }
  }

  /** A message that does not belong where it was sent (e.g. a record among CSV chunks). */
  static final class UnexpectedMessageException extends IOException {
    private static final long serialVersionUID = 1L;

    UnexpectedMessageException(String message) {
      super(message);
    }
  }

  /** Called by the gRPC thread for each message. */
  void offer(ImportContactsRequest message) {
    put(message);
  }

  /** Called by the gRPC thread when the client half-closes. */
  void end() {
    put(END);
  }

  /** Called by the gRPC thread when the call fails. */
  void fail(Throwable error) {
    put(new CancelledException(error));
  }

  /** The reader gives up: later messages are dropped. */
  void abandon() {
    abandoned = true;
    queue.clear();
  }

  /**
   * The next message, or null when the client has sent everything.
   *
   * @throws CancelledException when the client went away
   */
  ImportContactsRequest next() throws IOException, InterruptedException {
    Object item = queue.take();
    if (item == END) {
      queue.offer(END); // stay at the end for any later reader call
      return null;
    }
    if (item instanceof CancelledException cancelled) {
      queue.offer(cancelled);
      throw cancelled;
    }
    return (ImportContactsRequest) item;
  }

  /** The CSV bytes of the call, starting with {@code first}, as one stream. */
  InputStream csvStream(ByteString first) {
    return new InputStream() {
      private InputStream current = first.newInput();

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
          return 0;
        }
        while (current != null) {
          int n = current.read(buffer, offset, length);
          if (n > 0) {
            return n;
          }
          current = nextChunk();
        }
        return -1;
      }

      private InputStream nextChunk() throws IOException {
        ImportContactsRequest message;
        try {
          message = next();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancelledException(e);
        }
        if (message == null) {
          return null;
        }
        if (message.getPayloadCase() != ImportContactsRequest.PayloadCase.CSV_CHUNK) {
          throw new UnexpectedMessageException(
              "after CSV chunks, an import may only carry more CSV chunks (got "
                  + message.getPayloadCase()
                  + ")");
        }
        return message.getCsvChunk().newInput();
      }
    };
  }

  private void put(Object item) {
    try {
      while (!abandoned) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
