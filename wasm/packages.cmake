# Header-only packages (nlohmann/json, Catch2 2) for the Emscripten build, taken from the
# build machine. Their CMake configs cannot be used as they are: the toolchain only
# searches emscripten's sysroot, Catch2's version file rejects a 32-bit target, and
# -I/usr/include would put glibc's headers in front of emscripten's libc. So each
# package's own folder is linked into build/wasm-include and find_package() is
# redirected to small configs that point there.
set(DFF_WASM_INCLUDE ${CMAKE_BINARY_DIR}/wasm-include)
file(MAKE_DIRECTORY ${DFF_WASM_INCLUDE})

function(dff_wasm_header_package package version header)
  find_path(_dff_dir ${header} PATHS /usr/include /usr/local/include NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT _dff_dir)
    message(FATAL_ERROR "${package}: ${header} not found in /usr/include (apt-get install ${ARGN})")
  endif()
  get_filename_component(folder ${header} DIRECTORY)
  if(NOT EXISTS ${DFF_WASM_INCLUDE}/${folder})
    file(CREATE_LINK ${_dff_dir}/${folder} ${DFF_WASM_INCLUDE}/${folder} SYMBOLIC)
  endif()
  unset(_dff_dir CACHE)
  string(TOLOWER ${package} lower)
  file(WRITE ${CMAKE_FIND_PACKAGE_REDIRECTS_DIR}/${lower}-config.cmake
       "if(NOT TARGET ${package}::${package})\n"
       "  add_library(${package}::${package} INTERFACE IMPORTED GLOBAL)\n"
       "  set_target_properties(${package}::${package} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES \"${DFF_WASM_INCLUDE}\")\n"
       "endif()\n")
  file(WRITE ${CMAKE_FIND_PACKAGE_REDIRECTS_DIR}/${lower}-config-version.cmake
       "set(PACKAGE_VERSION ${version})\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n")
endfunction()

dff_wasm_header_package(nlohmann_json 3.11.2 nlohmann/json.hpp nlohmann-json3-dev)
dff_wasm_header_package(Catch2 2.13.10 catch2/catch.hpp catch2)
