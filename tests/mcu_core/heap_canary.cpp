// Negative control for check_no_heap.cmake: a bare-metal program that does use
// the heap. Its check must fail, proving the check can see malloc and operator new.
#include <stdlib.h>

#include <new>

#include "tests/mcu_core/target.h"

int main() {
  void* volatile block = malloc(16);
  int* volatile number = new (std::nothrow) int(3);
  const int ok = block != nullptr && number != nullptr;
  free(block);
  delete number;
  dff_target_puts(ok ? "allocated\n" : "no memory\n");
  return 0;
}
