# Writes a C++ source holding the bytes of INPUT as `extern const unsigned char NAME[]` and
# `extern const std::size_t NAME_size` (cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P embed_file.cmake).
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUTPUT}.tmp" "// Generated at build time from ${INPUT}; never committed.\n#include <cstddef>\n"
  "extern const unsigned char ${NAME}[] = {\n${body}\n};\nextern const std::size_t ${NAME}_size = ${bytes};\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
