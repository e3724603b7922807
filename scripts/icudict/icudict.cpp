// icudict prints every word of one of ICU's break-iterator dictionaries
// (thaidict, laodict, khmerdict, burmesedict), one a line in UTF-8, sorted
// as bytes. ICU keeps them as byte tries whose bytes are code points minus an
// offset (dictionarydata.h); the trie and its iterator are public API, the
// layout of the file's header is documented there. See README.md here.
#include <unicode/bytestrie.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: icudict thaidict|laodict|khmerdict|burmesedict [FOLDER]\n");
    return 2;
  }
  // From FOLDER/NAME.dict (as icupkg -x writes it out of a browser's ICU
  // data), else from the ICU data installed.
  UErrorCode st = U_ZERO_ERROR;
  UDataMemory *m = udata_open(argc == 3 ? argv[2] : U_ICUDATA_NAME "-brkitr", "dict", argv[1], &st);
  if (U_FAILURE(st)) {
    std::fprintf(stderr, "open %s: %s\n", argv[1], u_errorName(st));
    return 1;
  }
  const int32_t *ix = static_cast<const int32_t *>(udata_getMemory(m));
  // indexes: [0] trie offset, [4] trie type (0 bytes, 1 UTF-16; +8 values),
  // [5] transform (0x01000000 | offset for bytes).
  if ((ix[4] & 7) != 0 || (ix[5] & 0x7f000000) != 0x01000000) {
    std::fprintf(stderr, "%s: not a byte trie with an offset\n", argv[1]);
    return 1;
  }
  const int32_t offset = ix[5] & 0x1fffff;
  const char *trie = reinterpret_cast<const char *>(ix) + ix[0];
  icu::BytesTrie::Iterator it(trie, 0, st);
  std::vector<std::string> words;
  while (it.hasNext() && it.next(st)) {
    icu::StringPiece sp = it.getString();
    icu::UnicodeString w;
    for (int i = 0; i < sp.length(); i++) {
      int b = static_cast<unsigned char>(sp.data()[i]);
      UChar32 c = b == 0xFF ? 0x200D : b == 0xFE ? 0x200C : offset + b;
      w.append(c);
    }
    std::string u;
    w.toUTF8String(u);
    words.push_back(u);
  }
  if (U_FAILURE(st)) {
    std::fprintf(stderr, "%s: %s\n", argv[1], u_errorName(st));
    return 1;
  }
  std::sort(words.begin(), words.end());
  for (const auto &w : words) std::printf("%s\n", w.c_str());
  std::fprintf(stderr, "%s: %zu words, offset U+%04X, values %s\n", argv[1], words.size(), offset, (ix[4] & 8) ? "yes" : "no");
  udata_close(m);
  return 0;
}
