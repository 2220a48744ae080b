// Structure of the legacy text heap profile; tokens and the format are described in
// HeapProfileLexer.g4. Numbers are checked and converted by src/formats/pprof/text-profile.ts.
parser grammar HeapProfileParser;

options { tokenVocab = HeapProfileLexer; }

profile     : NL* (goProfile | javaProfile) EOF ;

goProfile   : header (NL | record | statLine)* memoryMap? ;

header      : HEADER counts AT sampling ;
sampling    : NAME (SLASH INT)? ;
counts      : INT COLON INT LBRACK INT COLON INT RBRACK ;

// A record and the symbolised frames the Go runtime prints under it.
record      : counts AT HEX* (NL frameLine*)? ;
frameLine   : FRAME_PC (FUNC FILE_LINE?)? NL? ;

statLine    : STAT_HASH (WORD (EQ statValue)?)? NL? ;
statValue   : NUMBER (STAT_SLASH NUMBER)?
            | STAT_LBRACK NUMBER* STAT_RBRACK
            | WORD
            ;

memoryMap   : MEMORY_MAP (MAP_LINE | NL)* ;

// Java heapz: attributes, samples (bytes, count, addresses), then one symbol line per address.
javaProfile : JAVA_HEADER (NL | attribute | javaSample | SYMBOL)* ;
attribute   : NAME EQUALS NAME ;
javaSample  : INT INT AT (HEX | INT)* ;
