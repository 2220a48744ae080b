
import * as antlr from "antlr4ng";
import { Token } from "antlr4ng";

// for running tests with parameters, TODO: discuss strategy for typed parameters in CI
// eslint-disable-next-line no-unused-vars
type int = number;


export class HeapProfileParser extends antlr.Parser {
    public static readonly HEADER = 1;
    public static readonly MEMORY_MAP = 2;
    public static readonly FRAME_PC = 3;
    public static readonly STAT_HASH = 4;
    public static readonly AT = 5;
    public static readonly COLON = 6;
    public static readonly LBRACK = 7;
    public static readonly RBRACK = 8;
    public static readonly SLASH = 9;
    public static readonly HEX = 10;
    public static readonly INT = 11;
    public static readonly NAME = 12;
    public static readonly NL = 13;
    public static readonly WS = 14;
    public static readonly FRAME_WS = 15;
    public static readonly FUNC = 16;
    public static readonly FILE_WS = 17;
    public static readonly FILE_LINE = 18;
    public static readonly STAT_WS = 19;
    public static readonly EQ = 20;
    public static readonly STAT_LBRACK = 21;
    public static readonly STAT_RBRACK = 22;
    public static readonly STAT_SLASH = 23;
    public static readonly NUMBER = 24;
    public static readonly WORD = 25;
    public static readonly MAP_LINE = 26;
    public static readonly RULE_profile = 0;
    public static readonly RULE_header = 1;
    public static readonly RULE_sampling = 2;
    public static readonly RULE_counts = 3;
    public static readonly RULE_record = 4;
    public static readonly RULE_frameLine = 5;
    public static readonly RULE_statLine = 6;
    public static readonly RULE_statValue = 7;
    public static readonly RULE_memoryMap = 8;

    public static readonly literalNames = [
        null, "'heap profile:'", null, null, null, "'@'", "':'", null, null, 
        null, null, null, null, null, null, null, null, null, null, null, 
        "'='"
    ];

    public static readonly symbolicNames = [
        null, "HEADER", "MEMORY_MAP", "FRAME_PC", "STAT_HASH", "AT", "COLON", 
        "LBRACK", "RBRACK", "SLASH", "HEX", "INT", "NAME", "NL", "WS", "FRAME_WS", 
        "FUNC", "FILE_WS", "FILE_LINE", "STAT_WS", "EQ", "STAT_LBRACK", 
        "STAT_RBRACK", "STAT_SLASH", "NUMBER", "WORD", "MAP_LINE"
    ];
    public static readonly ruleNames = [
        "profile", "header", "sampling", "counts", "record", "frameLine", 
        "statLine", "statValue", "memoryMap",
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
            this.state = 21;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while (_la === 13) {
                {
                {
                this.state = 18;
                this.match(HeapProfileParser.NL);
                }
                }
                this.state = 23;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            this.state = 24;
            this.header();
            this.state = 30;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while ((((_la) & ~0x1F) === 0 && ((1 << _la) & 10256) !== 0)) {
                {
                this.state = 28;
                this.errorHandler.sync(this);
                switch (this.tokenStream.LA(1)) {
                case HeapProfileParser.NL:
                    {
                    this.state = 25;
                    this.match(HeapProfileParser.NL);
                    }
                    break;
                case HeapProfileParser.INT:
                    {
                    this.state = 26;
                    this.record();
                    }
                    break;
                case HeapProfileParser.STAT_HASH:
                    {
                    this.state = 27;
                    this.statLine();
                    }
                    break;
                default:
                    throw new antlr.NoViableAltException(this);
                }
                }
                this.state = 32;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            this.state = 34;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 2) {
                {
                this.state = 33;
                this.memoryMap();
                }
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
    public header(): HeaderContext {
        let localContext = new HeaderContext(this.context, this.state);
        this.enterRule(localContext, 2, HeapProfileParser.RULE_header);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 38;
            this.match(HeapProfileParser.HEADER);
            this.state = 39;
            this.counts();
            this.state = 40;
            this.match(HeapProfileParser.AT);
            this.state = 41;
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
        this.enterRule(localContext, 4, HeapProfileParser.RULE_sampling);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 43;
            this.match(HeapProfileParser.NAME);
            this.state = 46;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 9) {
                {
                this.state = 44;
                this.match(HeapProfileParser.SLASH);
                this.state = 45;
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
        this.enterRule(localContext, 6, HeapProfileParser.RULE_counts);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 48;
            this.match(HeapProfileParser.INT);
            this.state = 49;
            this.match(HeapProfileParser.COLON);
            this.state = 50;
            this.match(HeapProfileParser.INT);
            this.state = 51;
            this.match(HeapProfileParser.LBRACK);
            this.state = 52;
            this.match(HeapProfileParser.INT);
            this.state = 53;
            this.match(HeapProfileParser.COLON);
            this.state = 54;
            this.match(HeapProfileParser.INT);
            this.state = 55;
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
        this.enterRule(localContext, 8, HeapProfileParser.RULE_record);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 57;
            this.counts();
            this.state = 58;
            this.match(HeapProfileParser.AT);
            this.state = 62;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while (_la === 10) {
                {
                {
                this.state = 59;
                this.match(HeapProfileParser.HEX);
                }
                }
                this.state = 64;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
            }
            this.state = 72;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 7, this.context) ) {
            case 1:
                {
                this.state = 65;
                this.match(HeapProfileParser.NL);
                this.state = 69;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 3) {
                    {
                    {
                    this.state = 66;
                    this.frameLine();
                    }
                    }
                    this.state = 71;
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
        this.enterRule(localContext, 10, HeapProfileParser.RULE_frameLine);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 74;
            this.match(HeapProfileParser.FRAME_PC);
            this.state = 79;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 16) {
                {
                this.state = 75;
                this.match(HeapProfileParser.FUNC);
                this.state = 77;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if (_la === 18) {
                    {
                    this.state = 76;
                    this.match(HeapProfileParser.FILE_LINE);
                    }
                }

                }
            }

            this.state = 82;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 10, this.context) ) {
            case 1:
                {
                this.state = 81;
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
        this.enterRule(localContext, 12, HeapProfileParser.RULE_statLine);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 84;
            this.match(HeapProfileParser.STAT_HASH);
            this.state = 90;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 25) {
                {
                this.state = 85;
                this.match(HeapProfileParser.WORD);
                this.state = 88;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if (_la === 20) {
                    {
                    this.state = 86;
                    this.match(HeapProfileParser.EQ);
                    this.state = 87;
                    this.statValue();
                    }
                }

                }
            }

            this.state = 93;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 13, this.context) ) {
            case 1:
                {
                this.state = 92;
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
        this.enterRule(localContext, 14, HeapProfileParser.RULE_statValue);
        let _la: number;
        try {
            this.state = 109;
            this.errorHandler.sync(this);
            switch (this.tokenStream.LA(1)) {
            case HeapProfileParser.NUMBER:
                this.enterOuterAlt(localContext, 1);
                {
                this.state = 95;
                this.match(HeapProfileParser.NUMBER);
                this.state = 98;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if (_la === 23) {
                    {
                    this.state = 96;
                    this.match(HeapProfileParser.STAT_SLASH);
                    this.state = 97;
                    this.match(HeapProfileParser.NUMBER);
                    }
                }

                }
                break;
            case HeapProfileParser.STAT_LBRACK:
                this.enterOuterAlt(localContext, 2);
                {
                this.state = 100;
                this.match(HeapProfileParser.STAT_LBRACK);
                this.state = 104;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 24) {
                    {
                    {
                    this.state = 101;
                    this.match(HeapProfileParser.NUMBER);
                    }
                    }
                    this.state = 106;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                }
                this.state = 107;
                this.match(HeapProfileParser.STAT_RBRACK);
                }
                break;
            case HeapProfileParser.WORD:
                this.enterOuterAlt(localContext, 3);
                {
                this.state = 108;
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
        this.enterRule(localContext, 16, HeapProfileParser.RULE_memoryMap);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 111;
            this.match(HeapProfileParser.MEMORY_MAP);
            this.state = 115;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            while (_la === 13 || _la === 26) {
                {
                {
                this.state = 112;
                _la = this.tokenStream.LA(1);
                if(!(_la === 13 || _la === 26)) {
                this.errorHandler.recoverInline(this);
                }
                else {
                    this.errorHandler.reportMatch(this);
                    this.consume();
                }
                }
                }
                this.state = 117;
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

    public static readonly _serializedATN: number[] = [
        4,1,26,119,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,2,6,7,
        6,2,7,7,7,2,8,7,8,1,0,5,0,20,8,0,10,0,12,0,23,9,0,1,0,1,0,1,0,1,
        0,5,0,29,8,0,10,0,12,0,32,9,0,1,0,3,0,35,8,0,1,0,1,0,1,1,1,1,1,1,
        1,1,1,1,1,2,1,2,1,2,3,2,47,8,2,1,3,1,3,1,3,1,3,1,3,1,3,1,3,1,3,1,
        3,1,4,1,4,1,4,5,4,61,8,4,10,4,12,4,64,9,4,1,4,1,4,5,4,68,8,4,10,
        4,12,4,71,9,4,3,4,73,8,4,1,5,1,5,1,5,3,5,78,8,5,3,5,80,8,5,1,5,3,
        5,83,8,5,1,6,1,6,1,6,1,6,3,6,89,8,6,3,6,91,8,6,1,6,3,6,94,8,6,1,
        7,1,7,1,7,3,7,99,8,7,1,7,1,7,5,7,103,8,7,10,7,12,7,106,9,7,1,7,1,
        7,3,7,110,8,7,1,8,1,8,5,8,114,8,8,10,8,12,8,117,9,8,1,8,0,0,9,0,
        2,4,6,8,10,12,14,16,0,1,2,0,13,13,26,26,129,0,21,1,0,0,0,2,38,1,
        0,0,0,4,43,1,0,0,0,6,48,1,0,0,0,8,57,1,0,0,0,10,74,1,0,0,0,12,84,
        1,0,0,0,14,109,1,0,0,0,16,111,1,0,0,0,18,20,5,13,0,0,19,18,1,0,0,
        0,20,23,1,0,0,0,21,19,1,0,0,0,21,22,1,0,0,0,22,24,1,0,0,0,23,21,
        1,0,0,0,24,30,3,2,1,0,25,29,5,13,0,0,26,29,3,8,4,0,27,29,3,12,6,
        0,28,25,1,0,0,0,28,26,1,0,0,0,28,27,1,0,0,0,29,32,1,0,0,0,30,28,
        1,0,0,0,30,31,1,0,0,0,31,34,1,0,0,0,32,30,1,0,0,0,33,35,3,16,8,0,
        34,33,1,0,0,0,34,35,1,0,0,0,35,36,1,0,0,0,36,37,5,0,0,1,37,1,1,0,
        0,0,38,39,5,1,0,0,39,40,3,6,3,0,40,41,5,5,0,0,41,42,3,4,2,0,42,3,
        1,0,0,0,43,46,5,12,0,0,44,45,5,9,0,0,45,47,5,11,0,0,46,44,1,0,0,
        0,46,47,1,0,0,0,47,5,1,0,0,0,48,49,5,11,0,0,49,50,5,6,0,0,50,51,
        5,11,0,0,51,52,5,7,0,0,52,53,5,11,0,0,53,54,5,6,0,0,54,55,5,11,0,
        0,55,56,5,8,0,0,56,7,1,0,0,0,57,58,3,6,3,0,58,62,5,5,0,0,59,61,5,
        10,0,0,60,59,1,0,0,0,61,64,1,0,0,0,62,60,1,0,0,0,62,63,1,0,0,0,63,
        72,1,0,0,0,64,62,1,0,0,0,65,69,5,13,0,0,66,68,3,10,5,0,67,66,1,0,
        0,0,68,71,1,0,0,0,69,67,1,0,0,0,69,70,1,0,0,0,70,73,1,0,0,0,71,69,
        1,0,0,0,72,65,1,0,0,0,72,73,1,0,0,0,73,9,1,0,0,0,74,79,5,3,0,0,75,
        77,5,16,0,0,76,78,5,18,0,0,77,76,1,0,0,0,77,78,1,0,0,0,78,80,1,0,
        0,0,79,75,1,0,0,0,79,80,1,0,0,0,80,82,1,0,0,0,81,83,5,13,0,0,82,
        81,1,0,0,0,82,83,1,0,0,0,83,11,1,0,0,0,84,90,5,4,0,0,85,88,5,25,
        0,0,86,87,5,20,0,0,87,89,3,14,7,0,88,86,1,0,0,0,88,89,1,0,0,0,89,
        91,1,0,0,0,90,85,1,0,0,0,90,91,1,0,0,0,91,93,1,0,0,0,92,94,5,13,
        0,0,93,92,1,0,0,0,93,94,1,0,0,0,94,13,1,0,0,0,95,98,5,24,0,0,96,
        97,5,23,0,0,97,99,5,24,0,0,98,96,1,0,0,0,98,99,1,0,0,0,99,110,1,
        0,0,0,100,104,5,21,0,0,101,103,5,24,0,0,102,101,1,0,0,0,103,106,
        1,0,0,0,104,102,1,0,0,0,104,105,1,0,0,0,105,107,1,0,0,0,106,104,
        1,0,0,0,107,110,5,22,0,0,108,110,5,25,0,0,109,95,1,0,0,0,109,100,
        1,0,0,0,109,108,1,0,0,0,110,15,1,0,0,0,111,115,5,2,0,0,112,114,7,
        0,0,0,113,112,1,0,0,0,114,117,1,0,0,0,115,113,1,0,0,0,115,116,1,
        0,0,0,116,17,1,0,0,0,117,115,1,0,0,0,18,21,28,30,34,46,62,69,72,
        77,79,82,88,90,93,98,104,109,115
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
    public header(): HeaderContext {
        return this.getRuleContext(0, HeaderContext)!;
    }
    public EOF(): antlr.TerminalNode {
        return this.getToken(HeapProfileParser.EOF, 0)!;
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
        return HeapProfileParser.RULE_profile;
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
