// Nothing to compile: the module exists for its header (fuzz_driver.h).
#include "fuzz_driver.h"
