
import * as antlr from "antlr4ng";
import { Token } from "antlr4ng";

// for running tests with parameters, TODO: discuss strategy for typed parameters in CI
// eslint-disable-next-line no-unused-vars
type int = number;


export class HeapProfileParser extends antlr.Parser {
    public static readonly HEADER = 1;
    public static readonly JAVA_HEADER = 2;
    public static readonly SYMBOL = 3;
    public static readonly EQUALS = 4;
    public static readonly MEMORY_MAP = 5;
    public static readonly FRAME_PC = 6;
    public static readonly STAT_HASH = 7;
    public static readonly AT = 8;
    public static readonly COLON = 9;
    public static readonly LBRACK = 10;
    public static readonly RBRACK = 11;
    public static readonly SLASH = 12;
    public static readonly HEX = 13;
    public static readonly INT = 14;
    public static readonly NAME = 15;
    public static readonly NL = 16;
    public static readonly WS = 17;
    public static readonly FRAME_WS = 18;
    public static readonly FUNC = 19;
    public static readonly FILE_WS = 20;
    public static readonly FILE_LINE = 21;
    public static readonly STAT_WS = 22;
    public static readonly EQ = 23;
    public static readonly STAT_LBRACK = 24;
    public static readonly STAT_RBRACK = 25;
    public static readonly STAT_SLASH = 26;
    public static readonly NUMBER = 27;
    public static readonly WORD = 28;
    public static readonly MAP_LINE = 29;
    public static readonly RULE_profile = 0;
    public static readonly RULE_goProfile = 1;
    public static readonly RULE_header = 2;
    public static readonly RULE_sampling = 3;
    public static readonly RULE_counts = 4;
    public static readonly RULE_record = 5;
    public static readonly RULE_frameLine = 6;
    public static readonly RULE_statLine = 7;
    public static readonly RULE_statValue = 8;
    public static readonly RULE_memoryMap = 9;
    public static readonly RULE_javaProfile = 10;
    public static readonly RULE_attribute = 11;
    public static readonly RULE_javaSample = 12;

    public static readonly literalNames = [
        null, "'heap profile:'", null, null, null, null, null, null, "'@'", 
        "':'"
    ];

    public static readonly symbolicNames = [
        null, "HEADER", "JAVA_HEADER", "SYMBOL", "EQUALS", "MEMORY_MAP", 
        "FRAME_PC", "STAT_HASH", "AT", "COLON", "LBRACK", "RBRACK", "SLASH", 
        "HEX", "INT", "NAME", "NL", "WS", "FRAME_WS", "FUNC", "FILE_WS", 
        "FILE_LINE", "STAT_WS", "EQ", "STAT_LBRACK", "STAT_RBRACK", "STAT_SLASH", 
        "NUMBER", "WORD", "MAP_LINE"
    ];
    public static readonly ruleNames = [
        "profile", "goProfile", "header", "sampling", "counts", "record", 
        "frameLine", "statLine", "statValue", "memoryMap", "javaProfile", 
        "attribute", "javaSample",
    ];

    public get grammarFileName(): string { return "HeapProfileParser.g4"; }
    public get literalNames(): (string | null)[] { return HeapProfileParser.literalNames; }
    public get symbolicNames(): (string | null)[] { return HeapProfileParser.symbolicNames; }
    public get ruleNames(): string[] { return HeapProfileParser.ruleNames; }
    public get serializedATN(): number[] { return HeapProfileParser._serializedATN; }

    protected createFailedPredicateException(predicate?: string, message?: string): antlr.FailedPredicateException {
        return new antlr.FailedPredicateException(this, predicate, message);
    }

    public constructor(input: antlr.TokenStream) {
        super(input);
        this.interpreter = new antlr.ParserATNSimulator(this, HeapProfileParser._ATN, HeapProfileParser.decisionsToDFA, new antlr.PredictionContextCache());
    }
    public profile(): ProfileContext {
        let localContext = new ProfileContext(this.context, this.state);
        this.enterRule(localContext, 0, HeapProfileParser.RULE_profile);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 29;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while (_la === 16) {
                {
                {
                this.state = 26;
                this.match(HeapProfileParser.NL);
                }
                }
                this.state = 31;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            this.state = 34;
            this.errorHandler.sync(this);
            switch (this.tokenStream.LA(1)) {
            case HeapProfileParser.HEADER:
                {
                this.state = 32;
                this.goProfile();
                }
                break;
            case HeapProfileParser.JAVA_HEADER:
                {
                this.state = 33;
                this.javaProfile();
                }
                break;
            default:
                throw new antlr.NoViableAltException(this);
            }
            this.state = 36;
            this.match(HeapProfileParser.EOF);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public goProfile(): GoProfileContext {
        let localContext = new GoProfileContext(this.context, this.state);
        this.enterRule(localContext, 2, HeapProfileParser.RULE_goProfile);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 38;
            this.header();
            this.state = 44;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while ((((_la) & ~0x1F) === 0 && ((1 << _la) & 82048) !== 0)) {
                {
                this.state = 42;
                this.errorHandler.sync(this);
                switch (this.tokenStream.LA(1)) {
                case HeapProfileParser.NL:
                    {
                    this.state = 39;
                    this.match(HeapProfileParser.NL);
                    }
                    break;
                case HeapProfileParser.INT:
                    {
                    this.state = 40;
                    this.record();
                    }
                    break;
                case HeapProfileParser.STAT_HASH:
                    {
                    this.state = 41;
                    this.statLine();
                    }
                    break;
                default:
                    throw new antlr.NoViableAltException(this);
                }
                }
                this.state = 46;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            this.state = 48;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 5) {
                {
                this.state = 47;
                this.memoryMap();
                }
            }

            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public header(): HeaderContext {
        let localContext = new HeaderContext(this.context, this.state);
        this.enterRule(localContext, 4, HeapProfileParser.RULE_header);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 50;
            this.match(HeapProfileParser.HEADER);
            this.state = 51;
            this.counts();
            this.state = 52;
            this.match(HeapProfileParser.AT);
            this.state = 53;
            this.sampling();
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public sampling(): SamplingContext {
        let localContext = new SamplingContext(this.context, this.state);
        this.enterRule(localContext, 6, HeapProfileParser.RULE_sampling);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 55;
            this.match(HeapProfileParser.NAME);
            this.state = 58;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 12) {
                {
                this.state = 56;
                this.match(HeapProfileParser.SLASH);
                this.state = 57;
                this.match(HeapProfileParser.INT);
                }
            }

            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public counts(): CountsContext {
        let localContext = new CountsContext(this.context, this.state);
        this.enterRule(localContext, 8, HeapProfileParser.RULE_counts);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 60;
            this.match(HeapProfileParser.INT);
            this.state = 61;
            this.match(HeapProfileParser.COLON);
            this.state = 62;
            this.match(HeapProfileParser.INT);
            this.state = 63;
            this.match(HeapProfileParser.LBRACK);
            this.state = 64;
            this.match(HeapProfileParser.INT);
            this.state = 65;
            this.match(HeapProfileParser.COLON);
            this.state = 66;
            this.match(HeapProfileParser.INT);
            this.state = 67;
            this.match(HeapProfileParser.RBRACK);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public record(): RecordContext {
        let localContext = new RecordContext(this.context, this.state);
        this.enterRule(localContext, 10, HeapProfileParser.RULE_record);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 69;
            this.counts();
            this.state = 70;
            this.match(HeapProfileParser.AT);
            this.state = 74;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while (_la === 13) {
                {
                {
                this.state = 71;
                this.match(HeapProfileParser.HEX);
                }
                }
                this.state = 76;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            this.state = 84;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 8, this.context) ) {
            case 1:
                {
                this.state = 77;
                this.match(HeapProfileParser.NL);
                this.state = 81;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 6) {
                    {
                    {
                    this.state = 78;
                    this.frameLine();
                    }
                    }
                    this.state = 83;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                }
                }
                break;
            }
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public frameLine(): FrameLineContext {
        let localContext = new FrameLineContext(this.context, this.state);
        this.enterRule(localContext, 12, HeapProfileParser.RULE_frameLine);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 86;
            this.match(HeapProfileParser.FRAME_PC);
            this.state = 91;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 19) {
                {
                this.state = 87;
                this.match(HeapProfileParser.FUNC);
                this.state = 89;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if (_la === 21) {
                    {
                    this.state = 88;
                    this.match(HeapProfileParser.FILE_LINE);
                    }
                }

                }
            }

            this.state = 94;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 11, this.context) ) {
            case 1:
                {
                this.state = 93;
                this.match(HeapProfileParser.NL);
                }
                break;
            }
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public statLine(): StatLineContext {
        let localContext = new StatLineContext(this.context, this.state);
        this.enterRule(localContext, 14, HeapProfileParser.RULE_statLine);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 96;
            this.match(HeapProfileParser.STAT_HASH);
            this.state = 102;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 28) {
                {
                this.state = 97;
                this.match(HeapProfileParser.WORD);
                this.state = 100;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if (_la === 23) {
                    {
                    this.state = 98;
                    this.match(HeapProfileParser.EQ);
                    this.state = 99;
                    this.statValue();
                    }
                }

                }
            }

            this.state = 105;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 14, this.context) ) {
            case 1:
                {
                this.state = 104;
                this.match(HeapProfileParser.NL);
                }
                break;
            }
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public statValue(): StatValueContext {
        let localContext = new StatValueContext(this.context, this.state);
        this.enterRule(localContext, 16, HeapProfileParser.RULE_statValue);
        let _la: number;
        try {
            this.state = 121;
            this.errorHandler.sync(this);
            switch (this.tokenStream.LA(1)) {
            case HeapProfileParser.NUMBER:
                this.enterOuterAlt(localContext, 1);
                {
                this.state = 107;
                this.match(HeapProfileParser.NUMBER);
                this.state = 110;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if (_la === 26) {
                    {
                    this.state = 108;
                    this.match(HeapProfileParser.STAT_SLASH);
                    this.state = 109;
                    this.match(HeapProfileParser.NUMBER);
                    }
                }

                }
                break;
            case HeapProfileParser.STAT_LBRACK:
                this.enterOuterAlt(localContext, 2);
                {
                this.state = 112;
                this.match(HeapProfileParser.STAT_LBRACK);
                this.state = 116;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 27) {
                    {
                    {
                    this.state = 113;
                    this.match(HeapProfileParser.NUMBER);
                    }
                    }
                    this.state = 118;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                }
                this.state = 119;
                this.match(HeapProfileParser.STAT_RBRACK);
                }
                break;
            case HeapProfileParser.WORD:
                this.enterOuterAlt(localContext, 3);
                {
                this.state = 120;
                this.match(HeapProfileParser.WORD);
                }
                break;
            default:
                throw new antlr.NoViableAltException(this);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public memoryMap(): MemoryMapContext {
        let localContext = new MemoryMapContext(this.context, this.state);
        this.enterRule(localContext, 18, HeapProfileParser.RULE_memoryMap);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 123;
            this.match(HeapProfileParser.MEMORY_MAP);
            this.state = 127;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while (_la === 16 || _la === 29) {
                {
                {
                this.state = 124;
                _la = this.tokenStream.LA(1);
                if(!(_la === 16 || _la === 29)) {
                this.errorHandler.recoverInline(this);
                }
                else {
                    this.errorHandler.reportMatch(this);
                    this.consume();
                }
                }
                }
                this.state = 129;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public javaProfile(): JavaProfileContext {
        let localContext = new JavaProfileContext(this.context, this.state);
        this.enterRule(localContext, 20, HeapProfileParser.RULE_javaProfile);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 130;
            this.match(HeapProfileParser.JAVA_HEADER);
            this.state = 137;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while ((((_la) & ~0x1F) === 0 && ((1 << _la) & 114696) !== 0)) {
                {
                this.state = 135;
                this.errorHandler.sync(this);
                switch (this.tokenStream.LA(1)) {
                case HeapProfileParser.NL:
                    {
                    this.state = 131;
                    this.match(HeapProfileParser.NL);
                    }
                    break;
                case HeapProfileParser.NAME:
                    {
                    this.state = 132;
                    this.attribute();
                    }
                    break;
                case HeapProfileParser.INT:
                    {
                    this.state = 133;
                    this.javaSample();
                    }
                    break;
                case HeapProfileParser.SYMBOL:
                    {
                    this.state = 134;
                    this.match(HeapProfileParser.SYMBOL);
                    }
                    break;
                default:
                    throw new antlr.NoViableAltException(this);
                }
                }
                this.state = 139;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public attribute(): AttributeContext {
        let localContext = new AttributeContext(this.context, this.state);
        this.enterRule(localContext, 22, HeapProfileParser.RULE_attribute);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 140;
            this.match(HeapProfileParser.NAME);
            this.state = 141;
            this.match(HeapProfileParser.EQUALS);
            this.state = 142;
            this.match(HeapProfileParser.NAME);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public javaSample(): JavaSampleContext {
        let localContext = new JavaSampleContext(this.context, this.state);
        this.enterRule(localContext, 24, HeapProfileParser.RULE_javaSample);
        let _la: number;
        try {
            let alternative: number;
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 144;
            this.match(HeapProfileParser.INT);
            this.state = 145;
            this.match(HeapProfileParser.INT);
            this.state = 146;
            this.match(HeapProfileParser.AT);
            this.state = 150;
            this.errorHandler.sync(this);
            alternative = this.interpreter.adaptivePredict(this.tokenStream, 21, this.context);
            while (alternative !== 2 && alternative !== antlr.ATN.INVALID_ALT_NUMBER) {
                if (alternative === 1) {
                    {
                    {
                    this.state = 147;
                    _la = this.tokenStream.LA(1);
                    if(!(_la === 13 || _la === 14)) {
                    this.errorHandler.recoverInline(this);
                    }
                    else {
                        this.errorHandler.reportMatch(this);
                        this.consume();
                    }
                    }
                    }
                }
                this.state = 152;
                this.errorHandler.sync(this);
                alternative = this.interpreter.adaptivePredict(this.tokenStream, 21, this.context);
            }
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }

    public static readonly _serializedATN: number[] = [
        4,1,29,154,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,2,6,7,
        6,2,7,7,7,2,8,7,8,2,9,7,9,2,10,7,10,2,11,7,11,2,12,7,12,1,0,5,0,
        28,8,0,10,0,12,0,31,9,0,1,0,1,0,3,0,35,8,0,1,0,1,0,1,1,1,1,1,1,1,
        1,5,1,43,8,1,10,1,12,1,46,9,1,1,1,3,1,49,8,1,1,2,1,2,1,2,1,2,1,2,
        1,3,1,3,1,3,3,3,59,8,3,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,5,1,
        5,1,5,5,5,73,8,5,10,5,12,5,76,9,5,1,5,1,5,5,5,80,8,5,10,5,12,5,83,
        9,5,3,5,85,8,5,1,6,1,6,1,6,3,6,90,8,6,3,6,92,8,6,1,6,3,6,95,8,6,
        1,7,1,7,1,7,1,7,3,7,101,8,7,3,7,103,8,7,1,7,3,7,106,8,7,1,8,1,8,
        1,8,3,8,111,8,8,1,8,1,8,5,8,115,8,8,10,8,12,8,118,9,8,1,8,1,8,3,
        8,122,8,8,1,9,1,9,5,9,126,8,9,10,9,12,9,129,9,9,1,10,1,10,1,10,1,
        10,1,10,5,10,136,8,10,10,10,12,10,139,9,10,1,11,1,11,1,11,1,11,1,
        12,1,12,1,12,1,12,5,12,149,8,12,10,12,12,12,152,9,12,1,12,0,0,13,
        0,2,4,6,8,10,12,14,16,18,20,22,24,0,2,2,0,16,16,29,29,1,0,13,14,
        166,0,29,1,0,0,0,2,38,1,0,0,0,4,50,1,0,0,0,6,55,1,0,0,0,8,60,1,0,
        0,0,10,69,1,0,0,0,12,86,1,0,0,0,14,96,1,0,0,0,16,121,1,0,0,0,18,
        123,1,0,0,0,20,130,1,0,0,0,22,140,1,0,0,0,24,144,1,0,0,0,26,28,5,
        16,0,0,27,26,1,0,0,0,28,31,1,0,0,0,29,27,1,0,0,0,29,30,1,0,0,0,30,
        34,1,0,0,0,31,29,1,0,0,0,32,35,3,2,1,0,33,35,3,20,10,0,34,32,1,0,
        0,0,34,33,1,0,0,0,35,36,1,0,0,0,36,37,5,0,0,1,37,1,1,0,0,0,38,44,
        3,4,2,0,39,43,5,16,0,0,40,43,3,10,5,0,41,43,3,14,7,0,42,39,1,0,0,
        0,42,40,1,0,0,0,42,41,1,0,0,0,43,46,1,0,0,0,44,42,1,0,0,0,44,45,
        1,0,0,0,45,48,1,0,0,0,46,44,1,0,0,0,47,49,3,18,9,0,48,47,1,0,0,0,
        48,49,1,0,0,0,49,3,1,0,0,0,50,51,5,1,0,0,51,52,3,8,4,0,52,53,5,8,
        0,0,53,54,3,6,3,0,54,5,1,0,0,0,55,58,5,15,0,0,56,57,5,12,0,0,57,
        59,5,14,0,0,58,56,1,0,0,0,58,59,1,0,0,0,59,7,1,0,0,0,60,61,5,14,
        0,0,61,62,5,9,0,0,62,63,5,14,0,0,63,64,5,10,0,0,64,65,5,14,0,0,65,
        66,5,9,0,0,66,67,5,14,0,0,67,68,5,11,0,0,68,9,1,0,0,0,69,70,3,8,
        4,0,70,74,5,8,0,0,71,73,5,13,0,0,72,71,1,0,0,0,73,76,1,0,0,0,74,
        72,1,0,0,0,74,75,1,0,0,0,75,84,1,0,0,0,76,74,1,0,0,0,77,81,5,16,
        0,0,78,80,3,12,6,0,79,78,1,0,0,0,80,83,1,0,0,0,81,79,1,0,0,0,81,
        82,1,0,0,0,82,85,1,0,0,0,83,81,1,0,0,0,84,77,1,0,0,0,84,85,1,0,0,
        0,85,11,1,0,0,0,86,91,5,6,0,0,87,89,5,19,0,0,88,90,5,21,0,0,89,88,
        1,0,0,0,89,90,1,0,0,0,90,92,1,0,0,0,91,87,1,0,0,0,91,92,1,0,0,0,
        92,94,1,0,0,0,93,95,5,16,0,0,94,93,1,0,0,0,94,95,1,0,0,0,95,13,1,
        0,0,0,96,102,5,7,0,0,97,100,5,28,0,0,98,99,5,23,0,0,99,101,3,16,
        8,0,100,98,1,0,0,0,100,101,1,0,0,0,101,103,1,0,0,0,102,97,1,0,0,
        0,102,103,1,0,0,0,103,105,1,0,0,0,104,106,5,16,0,0,105,104,1,0,0,
        0,105,106,1,0,0,0,106,15,1,0,0,0,107,110,5,27,0,0,108,109,5,26,0,
        0,109,111,5,27,0,0,110,108,1,0,0,0,110,111,1,0,0,0,111,122,1,0,0,
        0,112,116,5,24,0,0,113,115,5,27,0,0,114,113,1,0,0,0,115,118,1,0,
        0,0,116,114,1,0,0,0,116,117,1,0,0,0,117,119,1,0,0,0,118,116,1,0,
        0,0,119,122,5,25,0,0,120,122,5,28,0,0,121,107,1,0,0,0,121,112,1,
        0,0,0,121,120,1,0,0,0,122,17,1,0,0,0,123,127,5,5,0,0,124,126,7,0,
        0,0,125,124,1,0,0,0,126,129,1,0,0,0,127,125,1,0,0,0,127,128,1,0,
        0,0,128,19,1,0,0,0,129,127,1,0,0,0,130,137,5,2,0,0,131,136,5,16,
        0,0,132,136,3,22,11,0,133,136,3,24,12,0,134,136,5,3,0,0,135,131,
        1,0,0,0,135,132,1,0,0,0,135,133,1,0,0,0,135,134,1,0,0,0,136,139,
        1,0,0,0,137,135,1,0,0,0,137,138,1,0,0,0,138,21,1,0,0,0,139,137,1,
        0,0,0,140,141,5,15,0,0,141,142,5,4,0,0,142,143,5,15,0,0,143,23,1,
        0,0,0,144,145,5,14,0,0,145,146,5,14,0,0,146,150,5,8,0,0,147,149,
        7,1,0,0,148,147,1,0,0,0,149,152,1,0,0,0,150,148,1,0,0,0,150,151,
        1,0,0,0,151,25,1,0,0,0,152,150,1,0,0,0,22,29,34,42,44,48,58,74,81,
        84,89,91,94,100,102,105,110,116,121,127,135,137,150
    ];

    private static __ATN: antlr.ATN;
    public static get _ATN(): antlr.ATN {
        if (!HeapProfileParser.__ATN) {
            HeapProfileParser.__ATN = new antlr.ATNDeserializer().deserialize(HeapProfileParser._serializedATN);
        }

        return HeapProfileParser.__ATN;
    }


    private static readonly vocabulary = new antlr.Vocabulary(HeapProfileParser.literalNames, HeapProfileParser.symbolicNames, []);

    public override get vocabulary(): antlr.Vocabulary {
        return HeapProfileParser.vocabulary;
    }

    private static readonly decisionsToDFA = HeapProfileParser._ATN.decisionToState.map( (ds: antlr.DecisionState, index: number) => new antlr.DFA(ds, index) );
}

export class ProfileContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public EOF(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.EOF, 0)!;
    }
    public goProfile(): GoProfileContext | null {
        return this.getRuleContext(0, GoProfileContext);
    }
    public javaProfile(): JavaProfileContext | null {
        return this.getRuleContext(0, JavaProfileContext);
    }
    public NL(): antlr.TerminalNode[];
    public NL(i: number): antlr.TerminalNode | null;
    public NL(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.NL);
    	} else {
    		return this.getToken(HeapProfileParser.NL, i);
    	}
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_profile;
    }
}


export class GoProfileContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public header(): HeaderContext {
        return this.getRuleContext(0, HeaderContext)!;
    }
    public NL(): antlr.TerminalNode[];
    public NL(i: number): antlr.TerminalNode | null;
    public NL(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.NL);
    	} else {
    		return this.getToken(HeapProfileParser.NL, i);
    	}
    }
    public record(): RecordContext[];
    public record(i: number): RecordContext | null;
    public record(i?: number): RecordContext[] | RecordContext | null {
        if (i === undefined) {
            return this.getRuleContexts(RecordContext);
        }

        return this.getRuleContext(i, RecordContext);
    }
    public statLine(): StatLineContext[];
    public statLine(i: number): StatLineContext | null;
    public statLine(i?: number): StatLineContext[] | StatLineContext | null {
        if (i === undefined) {
            return this.getRuleContexts(StatLineContext);
        }

        return this.getRuleContext(i, StatLineContext);
    }
    public memoryMap(): MemoryMapContext | null {
        return this.getRuleContext(0, MemoryMapContext);
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_goProfile;
    }
}


export class HeaderContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public HEADER(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.HEADER, 0)!;
    }
    public counts(): CountsContext {
        return this.getRuleContext(0, CountsContext)!;
    }
    public AT(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.AT, 0)!;
    }
    public sampling(): SamplingContext {
        return this.getRuleContext(0, SamplingContext)!;
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_header;
    }
}


export class SamplingContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public NAME(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.NAME, 0)!;
    }
    public SLASH(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.SLASH, 0);
    }
    public INT(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.INT, 0);
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_sampling;
    }
}


export class CountsContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public INT(): antlr.TerminalNode[];
    public INT(i: number): antlr.TerminalNode | null;
    public INT(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.INT);
    	} else {
    		return this.getToken(HeapProfileParser.INT, i);
    	}
    }
    public COLON(): antlr.TerminalNode[];
    public COLON(i: number): antlr.TerminalNode | null;
    public COLON(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.COLON);
    	} else {
    		return this.getToken(HeapProfileParser.COLON, i);
    	}
    }
    public LBRACK(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.LBRACK, 0)!;
    }
    public RBRACK(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.RBRACK, 0)!;
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_counts;
    }
}


export class RecordContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public counts(): CountsContext {
        return this.getRuleContext(0, CountsContext)!;
    }
    public AT(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.AT, 0)!;
    }
    public HEX(): antlr.TerminalNode[];
    public HEX(i: number): antlr.TerminalNode | null;
    public HEX(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.HEX);
    	} else {
    		return this.getToken(HeapProfileParser.HEX, i);
    	}
    }
    public NL(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.NL, 0);
    }
    public frameLine(): FrameLineContext[];
    public frameLine(i: number): FrameLineContext | null;
    public frameLine(i?: number): FrameLineContext[] | FrameLineContext | null {
        if (i === undefined) {
            return this.getRuleContexts(FrameLineContext);
        }

        return this.getRuleContext(i, FrameLineContext);
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_record;
    }
}


export class FrameLineContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public FRAME_PC(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.FRAME_PC, 0)!;
    }
    public FUNC(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.FUNC, 0);
    }
    public NL(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.NL, 0);
    }
    public FILE_LINE(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.FILE_LINE, 0);
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_frameLine;
    }
}


export class StatLineContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public STAT_HASH(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.STAT_HASH, 0)!;
    }
    public WORD(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.WORD, 0);
    }
    public NL(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.NL, 0);
    }
    public EQ(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.EQ, 0);
    }
    public statValue(): StatValueContext | null {
        return this.getRuleContext(0, StatValueContext);
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_statLine;
    }
}


export class StatValueContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public NUMBER(): antlr.TerminalNode[];
    public NUMBER(i: number): antlr.TerminalNode | null;
    public NUMBER(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.NUMBER);
    	} else {
    		return this.getToken(HeapProfileParser.NUMBER, i);
    	}
    }
    public STAT_SLASH(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.STAT_SLASH, 0);
    }
    public STAT_LBRACK(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.STAT_LBRACK, 0);
    }
    public STAT_RBRACK(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.STAT_RBRACK, 0);
    }
    public WORD(): antlr.TerminalNode | null {
        return this.getToken(HeapProfileParser.WORD, 0);
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_statValue;
    }
}


export class MemoryMapContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public MEMORY_MAP(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.MEMORY_MAP, 0)!;
    }
    public MAP_LINE(): antlr.TerminalNode[];
    public MAP_LINE(i: number): antlr.TerminalNode | null;
    public MAP_LINE(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.MAP_LINE);
    	} else {
    		return this.getToken(HeapProfileParser.MAP_LINE, i);
    	}
    }
    public NL(): antlr.TerminalNode[];
    public NL(i: number): antlr.TerminalNode | null;
    public NL(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.NL);
    	} else {
    		return this.getToken(HeapProfileParser.NL, i);
    	}
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_memoryMap;
    }
}


export class JavaProfileContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public JAVA_HEADER(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.JAVA_HEADER, 0)!;
    }
    public NL(): antlr.TerminalNode[];
    public NL(i: number): antlr.TerminalNode | null;
    public NL(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.NL);
    	} else {
    		return this.getToken(HeapProfileParser.NL, i);
    	}
    }
    public attribute(): AttributeContext[];
    public attribute(i: number): AttributeContext | null;
    public attribute(i?: number): AttributeContext[] | AttributeContext | null {
        if (i === undefined) {
            return this.getRuleContexts(AttributeContext);
        }

        return this.getRuleContext(i, AttributeContext);
    }
    public javaSample(): JavaSampleContext[];
    public javaSample(i: number): JavaSampleContext | null;
    public javaSample(i?: number): JavaSampleContext[] | JavaSampleContext | null {
        if (i === undefined) {
            return this.getRuleContexts(JavaSampleContext);
        }

        return this.getRuleContext(i, JavaSampleContext);
    }
    public SYMBOL(): antlr.TerminalNode[];
    public SYMBOL(i: number): antlr.TerminalNode | null;
    public SYMBOL(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.SYMBOL);
    	} else {
    		return this.getToken(HeapProfileParser.SYMBOL, i);
    	}
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_javaProfile;
    }
}


export class AttributeContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public NAME(): antlr.TerminalNode[];
    public NAME(i: number): antlr.TerminalNode | null;
    public NAME(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.NAME);
    	} else {
    		return this.getToken(HeapProfileParser.NAME, i);
    	}
    }
    public EQUALS(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.EQUALS, 0)!;
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_attribute;
    }
}


export class JavaSampleContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public INT(): antlr.TerminalNode[];
    public INT(i: number): antlr.TerminalNode | null;
    public INT(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.INT);
    	} else {
    		return this.getToken(HeapProfileParser.INT, i);
    	}
    }
    public AT(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.AT, 0)!;
    }
    public HEX(): antlr.TerminalNode[];
    public HEX(i: number): antlr.TerminalNode | null;
    public HEX(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(HeapProfileParser.HEX);
    	} else {
    		return this.getToken(HeapProfileParser.HEX, i);
    	}
    }
    public override get ruleIndex(): number {
        return HeapProfileParser.RULE_javaSample;
    }
}
