// Go's legacy text heap profile (`/debug/pprof/heap?debug=1`, runtime/pprof writeHeapInternal)
// and the older tcmalloc forms pprof reads the same way (heapz_v2, heap_v2, heapprofile, growthz).
//
//   heap profile: <inuse objs>: <inuse bytes> [<alloc objs>: <alloc bytes>] @ heap/<2*rate>
//   <inuse objs>: <inuse bytes> [<alloc objs>: <alloc bytes>] @ 0xpc 0xpc ...
//   #	0xpc	function+0xoff	file:line          (one per frame after inlining, leaf first)
//   <blank line>
//   # runtime.MemStats
//   # Name = value | a / b | [n n n] | true
//   --- Memory map: ---                          (tcmalloc; the rest of the file)
//
// and Java's heapz text (pprof legacy_java_profile.go), which pprof reads the same way:
//   --- heapz 1 ---
//   format = java
//   <bytes> <count> @ 0xaddr 0xaddr ...           (leaf first)
//    0xaddr function (File.java:line)             (one symbol line per address)
//
// Frame and MemStats lines start with '#'; lexer modes keep function names and file paths
// (which may hold any character but tab and newline) from being split into number tokens.
lexer grammar HeapProfileLexer;

HEADER      : 'heap profile:' ;
JAVA_HEADER : '--- heapz' [ \t]+ [0-9]+ [ \t]+ '---' ;
// A whole Java symbol line: an address, then a name that does not start with a digit.
SYMBOL      : [ \t]* '0' [xX] [0-9a-fA-F]+ [ \t]+ ~[0-9 \t\r\n] ~[\r\n]* ;
EQUALS      : '=' ;
MEMORY_MAP  : ('--- Memory map: ---' | 'MAPPED_LIBRARIES:') -> pushMode(MAPS) ;
FRAME_PC    : '#' [ \t]+ '0' [xX] [0-9a-fA-F]+ -> pushMode(FRAME) ;
STAT_HASH   : '#' [ \t]* -> pushMode(STAT) ;
AT          : '@' ;
COLON       : ':' ;
LBRACK      : '[' ;
RBRACK      : ']' ;
SLASH       : '/' ;
HEX         : '0' [xX] [0-9a-fA-F]+ ;
INT         : '-'? [0-9]+ ;
NAME        : [a-zA-Z_] [a-zA-Z_0-9]* ;
NL          : '\r'? '\n' ;
WS          : [ \t]+ -> skip ;

// After "#<tab>0xPC": the function (with +0xoffset), then the file:line, tab separated.
mode FRAME;
FRAME_NL    : '\r'? '\n' -> type(NL), popMode ;
FRAME_WS    : [ \t]+ -> skip ;
FUNC        : ~[\t\r\n]+ -> mode(FRAME_FILE) ;

mode FRAME_FILE;
FILE_NL     : '\r'? '\n' -> type(NL), popMode ;
FILE_WS     : [\t]+ -> skip ;
FILE_LINE   : ~[\t\r\n]+ ;

// "# Name = value" lines of the runtime.MemStats trailer.
mode STAT;
STAT_NL     : '\r'? '\n' -> type(NL), popMode ;
STAT_WS     : [ \t]+ -> skip ;
EQ          : '=' ;
STAT_LBRACK : '[' ;
STAT_RBRACK : ']' ;
STAT_SLASH  : '/' ;
NUMBER      : '-'? [0-9]+ ('.' [0-9]+)? ([eE] [-+]? [0-9]+)? ;
WORD        : [a-zA-Z_] [a-zA-Z_0-9.]* ;

// The memory map is kept as raw lines (heaplens does not symbolise from binaries).
mode MAPS;
MAP_NL      : '\r'? '\n' -> type(NL) ;
MAP_LINE    : ~[\r\n]+ ;
