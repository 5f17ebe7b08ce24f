// libFuzzer's entry for programs that keep their own main (LLVM 12+). Declared only: the symbol
// comes from libFuzzer's runtime, linked in when building with -sanitize=fuzzer, and is used only
// under the FUZZING compilation condition.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
