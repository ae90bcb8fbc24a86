package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  // RFC 6962 / certificate-transparency reference leaves and roots for sizes 0..8.
  private static final String[] LEAVES = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"
  };
  private static final String[] ROOTS = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };

  @Test
  void rootsMatchTheRfc6962ReferenceVectors() {
    MerkleTree t = new MerkleTree();
    assertThat(HexFormat.of().formatHex(t.root())).isEqualTo(ROOTS[0]);
    for (int i = 0; i < LEAVES.length; i++) {
      t.append(HexFormat.of().parseHex(LEAVES[i]));
      assertThat(HexFormat.of().formatHex(t.root())).as("root of size %d", i + 1).isEqualTo(ROOTS[i + 1]);
    }
  }

  @Test
  void aTreeRebuiltFromItsFrontierContinuesIdentically() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 50; trial++) {
      int split = rnd.nextInt(300);
      int total = split + rnd.nextInt(300);
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        byte[] leaf = new byte[rnd.nextInt(40)];
        rnd.nextBytes(leaf);
        leaves.add(leaf);
      }
      MerkleTree whole = new MerkleTree();
      MerkleTree first = new MerkleTree();
      for (int i = 0; i < total; i++) {
        whole.append(leaves.get(i));
        if (i < split) {
          first.append(leaves.get(i));
        }
      }
      MerkleTree resumed = MerkleTree.fromFrontier(first.size(), first.frontier());
      for (int i = split; i < total; i++) {
        resumed.append(leaves.get(i));
      }
      assertThat(resumed.root()).isEqualTo(whole.root());
      assertThat(resumed.size()).isEqualTo(total);
    }
  }

  @Test
  void aFrontierOfTheWrongLengthIsRejected() {
    assertThatThrownBy(() -> MerkleTree.fromFrontier(3, List.of(new byte[32])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a tree of size 3 has 2 frontier hashes, got 1");
  }
}
