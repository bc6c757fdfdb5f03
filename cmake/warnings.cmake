# Strict warnings for our own targets (never for third-party code).
function(dff_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
      -Wdouble-promotion -Wcast-align)
  endif()
endfunction()
