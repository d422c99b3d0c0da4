/*
 * Texts on which the tokenizer must count exactly what OpenAI's tiktoken
 * counts (tokenCounts.test.ts), and on which bench/tokens measures
 * throughput. Chosen to cover what breaks BPE ports: scripts without spaces,
 * multi-byte characters split across tokens, emoji sequences, code, JSON,
 * whitespace runs (tiktoken's `\s+(?!\S)` rule), digits (grouped by three),
 * contractions, and special-token strings that must stay ordinary text.
 */

/** One corpus text and what it exercises. */
export interface CorpusEntry {
  id: string;
  category:
    | 'english'
    | 'script'
    | 'emoji'
    | 'code'
    | 'json'
    | 'whitespace'
    | 'mixed'
    | 'edge';
  text: string;
}

const jsonDocument = JSON.stringify(
  {
    prompt: 'customer-support-assistant',
    variables: [
      { name: 'company_name', type: 'string', required: true },
      { name: 'repeat_threshold', type: 'number', defaultValue: '3' },
    ],
    contextRules: [
      {
        source: 'conversation_history',
        maxTokens: 1500,
        injectionPoint: 'system',
      },
    ],
    nested: {
      a: [1, 2.5, -3e10, null, true, false],
      ключ: 'значение',
      日本: '東京',
    },
  },
  null,
  2,
);

/** The corpus: at least 50 texts in every category the tests name. */
export const TOKEN_CORPUS: readonly CorpusEntry[] = [
  // English prose.
  { id: 'en-greeting', category: 'english', text: 'Hello, world!' },
  {
    id: 'en-support',
    category: 'english',
    text: 'You are a friendly support agent for Acme Corp. Answer politely, in at most three sentences, and offer a human agent when you are unsure.',
  },
  {
    id: 'en-contractions',
    category: 'english',
    text: "I'm sure you've heard it: we'll call back, they'd said, but it's Tuesday and THEY'LL NEVER call. Don't, won't, can't, shouldn't've.",
  },
  {
    id: 'en-paragraphs',
    category: 'english',
    text: 'The quick brown fox jumps over the lazy dog.\n\nPack my box with five dozen liquor jugs. How vexingly quick daft zebras jump!\nSphinx of black quartz, judge my vow.',
  },
  {
    id: 'en-numbers',
    category: 'english',
    text: 'Order 1234567890 shipped on 2024-11-26 at 10:45; total $1,299.99 (VAT 21%), tracking 00340434161234567891, 3.14159265358979.',
  },
  {
    id: 'en-capitals',
    category: 'english',
    text: 'URGENT: CUSTOMER REQUESTS ESCALATION!!! Reference ID ABC-123-XYZ, NASA, HTTP/2, IPv6, iPhone, eBay, McDonald\u2019s.',
  },
  {
    id: 'en-punctuation',
    category: 'english',
    text: '"Quotes," \u201ccurly quotes,\u201d \u2018single\u2019 \u2014 em dash \u2013 en dash \u2026 ellipsis; (parentheses) [brackets] {braces} <angles> ?!?!',
  },
  {
    id: 'en-url-email',
    category: 'english',
    text: 'Visit https://help.example.com/articles/12345-reset-password?utm_source=bot&lang=en#step-2 or mail support+billing@example.co.uk.',
  },
  {
    id: 'en-long-prose',
    category: 'english',
    text: 'When a customer contacts the help desk, the assistant first identifies the intent of the message, then looks up the relevant knowledge base articles, and finally drafts a reply that cites the article titles. '.repeat(
      12,
    ),
  },
  {
    id: 'en-placeholders',
    category: 'english',
    text: 'You are a support agent for {{company_name}}. Context: {{context}}. User: {{user_input}}',
  },
  // Other scripts.
  { id: 'zh-greeting', category: 'script', text: '你好，世界！这是一个测试。' },
  {
    id: 'zh-support',
    category: 'script',
    text: '您好，感谢您联系客户服务中心。请问有什么可以帮助您的吗？我们的工作时间是周一至周五，上午九点到下午六点。',
  },
  {
    id: 'zh-traditional',
    category: 'script',
    text: '繁體中文的測試：請確認您的訂單編號，我們將儘快為您處理退款。',
  },
  {
    id: 'ja-mixed',
    category: 'script',
    text: 'お問い合わせありがとうございます。ご注文番号を確認いたしますので、少々お待ちください。カタカナ：サポートセンター、ｶﾀｶﾅ半角。',
  },
  {
    id: 'ja-kanji',
    category: 'script',
    text: '東京都千代田区丸の内一丁目、本日は晴天なり。',
  },
  {
    id: 'ar-sentence',
    category: 'script',
    text: 'مرحبا بكم في خدمة العملاء. كيف يمكنني مساعدتك اليوم؟ رقم الطلب ١٢٣٤٥٦.',
  },
  { id: 'ar-short', category: 'script', text: 'مرحبا بالعالم' },
  {
    id: 'hi-sentence',
    category: 'script',
    text: 'नमस्ते! ग्राहक सेवा में आपका स्वागत है। कृपया अपना ऑर्डर नंबर बताएं, हम आपकी सहायता करेंगे।',
  },
  { id: 'hi-short', category: 'script', text: 'नमस्ते दुनिया' },
  {
    id: 'ru-sentence',
    category: 'script',
    text: 'Здравствуйте! Спасибо, что обратились в службу поддержки. Пожалуйста, укажите номер заказа — мы ответим в течение 24 часов.',
  },
  {
    id: 'ru-caps',
    category: 'script',
    text: 'ВНИМАНИЕ: Съешь же ещё этих мягких французских булок, да выпей чаю.',
  },
  {
    id: 'ko-sentence',
    category: 'script',
    text: '안녕하세요! 고객 센터에 문의해 주셔서 감사합니다. 주문 번호를 알려 주시면 빠르게 도와드리겠습니다.',
  },
  {
    id: 'ko-jamo',
    category: 'script',
    text: '한글 자모: ㄱㄴㄷㄹㅁㅂㅅ ㅏㅑㅓㅕ, 뷁 똠방각하',
  },
  {
    id: 'el-he-th',
    category: 'script',
    text: 'Ελληνικά: Καλημέρα κόσμε. עברית: שלום עולם. ไทย: สวัสดีชาวโลก',
  },
  {
    id: 'latin-diacritics',
    category: 'script',
    text: 'Crème brûlée, naïve façade, São Paulo, Zürich, Łódź, Ærøskøbing, Dvořák, İstanbul, straße.',
  },
  // Emoji.
  { id: 'emoji-simple', category: 'emoji', text: 'Great job! 😀👍🎉🔥' },
  {
    id: 'emoji-zwj-family',
    category: 'emoji',
    text: '👨‍👩‍👧‍👦 family, 👩‍💻 coder, 🏳️‍🌈 flag, 🧑‍🤝‍🧑 people',
  },
  { id: 'emoji-flags', category: 'emoji', text: '🇫🇷🇯🇵🇺🇸🇧🇷🇮🇳🇩🇪 🏴󠁧󠁢󠁳󠁣󠁴󠁿' },
  { id: 'emoji-skin-tones', category: 'emoji', text: '👋🏻👋🏼👋🏽👋🏾👋🏿 ✌️ ❤️ ☺︎' },
  {
    id: 'emoji-dense',
    category: 'emoji',
    text: '🤖🤖🤖🤖🤖🤖🤖🤖🤖🤖💬💬💬💬💬🙂🙃🫠🫡🥲',
  },
  {
    id: 'emoji-in-text',
    category: 'emoji',
    text: 'Thanks for waiting 🙏 your refund 💶 is on its way 🚚 — rate us ⭐⭐⭐⭐⭐!',
  },
  // Code.
  {
    id: 'code-typescript',
    category: 'code',
    text: 'export async function loadPrompt(id: string): Promise<Prompt | undefined> {\n  const res = await fetch(`/api/v2/ai/llm/prompts/${id}`);\n  if (!res.ok) throw new Error(`HTTP ${res.status}`);\n  return (await res.json()) as Prompt;\n}\n',
  },
  {
    id: 'code-python',
    category: 'code',
    text: 'def fibonacci(n: int) -> list[int]:\n    """Return the first n Fibonacci numbers."""\n    a, b = 0, 1\n    out = []\n    for _ in range(n):\n        out.append(a)\n        a, b = b, a + b\n    return out\n\n\nif __name__ == "__main__":\n    print(fibonacci(10))\n',
  },
  {
    id: 'code-rust',
    category: 'code',
    text: 'fn main() {\n    let words: Vec<&str> = "a b c".split_whitespace().collect();\n    for (i, w) in words.iter().enumerate() {\n        println!("{i}: {w}");\n    }\n}\n',
  },
  {
    id: 'code-go',
    category: 'code',
    text: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tch := make(chan int, 3)\n\tgo func() { ch <- 42 }()\n\tfmt.Println(<-ch)\n}\n',
  },
  {
    id: 'code-sql',
    category: 'code',
    text: "SELECT p.id, p.name, COUNT(v.version_no) AS versions\nFROM prompts p\nLEFT JOIN prompt_versions v ON v.prompt_id = p.id\nWHERE p.model_id LIKE 'openai-%'\nGROUP BY p.id, p.name\nHAVING COUNT(*) > 1\nORDER BY versions DESC;",
  },
  {
    id: 'code-bash',
    category: 'code',
    text: '#!/usr/bin/env bash\nset -euo pipefail\nfor f in "$@"; do\n  [[ -f "$f" ]] || { echo "missing: $f" >&2; exit 1; }\n  wc -l -- "$f" | awk \'{print $1}\'\ndone\n',
  },
  {
    id: 'code-html-css',
    category: 'code',
    text: '<!doctype html>\n<html lang="en"><head><style>.card{display:flex;gap:8px;color:#1a2b3c}</style></head>\n<body><div class="card" data-id="42">&lt;Hi&gt; &amp; bye</div></body></html>',
  },
  {
    id: 'code-java',
    category: 'code',
    text: 'public final class Main {\n    public static void main(String[] args) {\n        var map = new java.util.HashMap<String, Integer>();\n        map.merge("k", 1, Integer::sum);\n        System.out.println(map);\n    }\n}\n',
  },
  {
    id: 'code-c',
    category: 'code',
    text: '#include <stdio.h>\nint main(void) {\n\tfor (int i = 0; i < 10; ++i) {\n\t\tprintf("%d\\n", i * i);\n\t}\n\treturn 0;\n}\n',
  },
  {
    id: 'code-regex-yaml',
    category: 'code',
    text: "genesysPrompts:\n  models:\n    openai-gpt-4o: { tokenizer: o200k_base, contextWindow: 128000 }\n  pattern: '^[A-Za-z_][A-Za-z0-9_]*$'\n  list:\n    - a\n    - 'b: c'\n",
  },
  // JSON.
  { id: 'json-document', category: 'json', text: jsonDocument },
  {
    id: 'json-minified',
    category: 'json',
    text: JSON.stringify(JSON.parse(jsonDocument)),
  },
  {
    id: 'json-escapes',
    category: 'json',
    text: '{"text":"line1\\nline2\\t\\"quoted\\" \\\\ \\u00e9\\ud83d\\ude00","empty":"","arr":[[],{},[{}]]}',
  },
  {
    id: 'json-answer-format',
    category: 'json',
    text: 'Answer with JSON: {"escalate": true|false, "reason": "<one sentence>", "urgency": "low|medium|high"}',
  },
  // Whitespace.
  { id: 'ws-spaces-100', category: 'whitespace', text: ' '.repeat(100) },
  {
    id: 'ws-spaces-then-word',
    category: 'whitespace',
    text: `${' '.repeat(37)}word${' '.repeat(5)}end `,
  },
  { id: 'ws-newlines', category: 'whitespace', text: '\n'.repeat(50) },
  {
    id: 'ws-crlf',
    category: 'whitespace',
    text: 'line one\r\nline two\r\n\r\n\r\nline five\r\n',
  },
  {
    id: 'ws-tabs',
    category: 'whitespace',
    text: '\t\t\tindented\n\t\t\t\t\tdeeper\n \t \t mixed\t \n',
  },
  {
    id: 'ws-mixed-long',
    category: 'whitespace',
    text: `start${' \n'.repeat(40)}${'\t'.repeat(30)}${'\n\n   '.repeat(
      25,
    )}end`,
  },
  {
    id: 'ws-unicode-spaces',
    category: 'whitespace',
    text: 'non\u00a0breaking\u2003em\u2009thin\u3000ideographic\u200bzero\u202fnarrow\u2028line\u2029para',
  },
  {
    id: 'ws-only-tabs-newlines',
    category: 'whitespace',
    text: '\t\n\t\n\n\t\t\n   \n\n\n\t',
  },
  // Mixed.
  {
    id: 'mixed-multilingual',
    category: 'mixed',
    text: 'Customer (FR): Bonjour 👋 je veux un remboursement. Agent (中文): 好的，我们马上处理。Agent (العربية): حسنا. Ticket #A-99 ✅',
  },
  {
    id: 'mixed-template',
    category: 'mixed',
    text: 'Sistema: Eres un asistente de {{company_name}}.\nИстория: {{conversation_summary}}\n用户输入：{{user_input}}\n応答は{{language}}で。🙂\n',
  },
  {
    id: 'mixed-markdown',
    category: 'mixed',
    text: '# Title\n\n- **bold** _italic_ `code`\n- [link](https://example.com)\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n',
  },
  {
    id: 'mixed-log-line',
    category: 'mixed',
    text: '2024-11-26T10:00:00.000Z INFO  [genesys-prompts] request id=3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b status=200 latency_ms=183 tokens=1024',
  },
  // Edge cases of BPE ports.
  {
    id: 'edge-special-tokens',
    category: 'edge',
    text: 'Ignore this: <|endoftext|> and <|im_start|>system<|im_end|> and <|fim_prefix|>.',
  },
  { id: 'edge-long-run', category: 'edge', text: 'a'.repeat(3000) },
  { id: 'edge-long-digits', category: 'edge', text: '1234567890'.repeat(50) },
  { id: 'edge-repeated-word', category: 'edge', text: 'token '.repeat(400) },
  {
    id: 'edge-combining',
    category: 'edge',
    text: 'e\u0301 a\u0308 n\u0303 Z\u0335\u0321a\u0336\u031bl\u0338g\u0337o\u0334 \u0915\u094d\u0937',
  },
  {
    id: 'edge-rtl-marks',
    category: 'edge',
    text: '\u202eabc\u202c \u200fشكرا\u200e ok',
  },
  {
    id: 'edge-math-symbols',
    category: 'edge',
    text: '∀x∈ℝ: x² ≥ 0 ⇒ √(x²) = |x|; ∑ᵢ aᵢ ≈ ∫ f(x) dx ± ε; 𝔸𝕓𝒞 𝟘𝟙𝟚',
  },
  { id: 'edge-single-char', category: 'edge', text: 'x' },
  {
    id: 'edge-lone-cjk-punct',
    category: 'edge',
    text: '「」『』【】〈〉《》・ー〜！？',
  },
  {
    id: 'edge-mixed-case-word',
    category: 'edge',
    text: 'tHiS iS sPoNgEbOb CaSe AnD camelCaseIdentifiersLikeThisOne_and_snake_case_too',
  },
];
