# One place for the compiler warnings every target of the project uses.
add_library(caremarket_warnings INTERFACE)
target_compile_options(caremarket_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(CAREMARKET_WARNINGS_AS_ERRORS)
  target_compile_options(caremarket_warnings INTERFACE -Werror)
endif()
