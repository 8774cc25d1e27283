# caremarket_embed(TARGET NAME FILES...) compiles data files into TARGET as a table of
# std::string_view, so the executable carries its built-in data (the Kent geography, chart
# specs, the report's scripts) and needs no install path at run time.
function(caremarket_embed target name)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}_embedded.cpp")
  set(files ${ARGN})
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${name} "-DFILES=${files}"
            -DBASE=${CMAKE_CURRENT_SOURCE_DIR} -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake"
    COMMENT "Embedding ${name} data files"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
