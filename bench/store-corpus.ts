// Realistic call-centre lines for the store benchmark: English, Swahili and the mix Kenyan callers
// actually speak, with names, amounts, places and references varied by a seeded generator.

/** A small, fast, seeded PRNG (mulberry32), so every run writes the same log. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Wanjiru',
  'Otieno',
  'Akinyi',
  'Kamau',
  'Njeri',
  'Mutua',
  'Chebet',
  'Omondi',
  'Wambui',
  'Kiprop',
  'Atieno',
  'Mwangi',
  'Nyambura',
  'Barasa',
  'Zawadi',
];
const PLACES = [
  'Nairobi',
  'Kisumu',
  'Mombasa',
  'Nakuru',
  'Eldoret',
  'Thika',
  'Machakos',
  'Nyeri',
  'Kakamega',
  'Malindi',
  'Westlands',
  'Githurai',
  'Rongai',
  'Kitengela',
];
const PRODUCTS = [
  'M-Pesa',
  'loan',
  'savings account',
  'airtime',
  'data bundle',
  'ATM card',
  'standing order',
  'fixed deposit',
  'school fees payment',
  'electricity token',
  'water bill',
  'insurance cover',
];
const PROBLEMS = [
  'was deducted twice',
  'has not reflected',
  'was sent to the wrong number',
  'is blocked',
  'expired yesterday',
  'shows the wrong balance',
  'failed at the till',
  'was reversed without my consent',
  'keeps asking for a PIN',
  'has a hidden charge',
];

const CALLER = [
  'Hello, my {product} {problem}, can you help me?',
  'Habari, nimetuma pesa {amount} shillings lakini {product} {problem}.',
  'I am calling from {place} about my {product}.',
  'Sasa, nataka kujua balance yangu ya {product} tafadhali.',
  'The reference number is {ref}, I sent it on {day}.',
  'Yes, my name is {name} and my number ends with {digits}.',
  'Nataka kuongea na mtu halisi, hii system haielewi.',
  'How much is the charge for sending {amount} shillings?',
  'Can I pay my {product} in installments, like {amount} every month?',
  'Niko {place}, branch iko karibu wapi?',
  'No, that is not what I asked. My {product} {problem}.',
  'Asante sana, that is all for today.',
  'I want to cancel the {product}, I do not need it anymore.',
  'Sorry, the line was breaking. Can you repeat the amount?',
  'Mimi ni {name}, nilipiga jana kuhusu {product}.',
];
const AGENT = [
  'Thank you for calling. How can I help you today?',
  'Pole sana {name}. Let me check your {product} for you.',
  'I can see a payment of {amount} shillings on {day} with reference {ref}.',
  'Your {product} balance is {amount} shillings as of this morning.',
  'The nearest branch to {place} opens at eight in the morning and closes at five.',
  'Kwa usalama wako, please do not share your PIN with anyone, even with us.',
  'I have raised a reversal request, reference {ref}. It takes up to forty eight hours.',
  'Sending {amount} shillings costs {fee} shillings on the standard tariff.',
  'I understand. Let me connect you to a colleague who can help with that.',
  'Karibu tena {name}. Is there anything else I can help you with?',
  'Please confirm the last four digits of your number, ending {digits}?',
  'Your request has been received and you will get an SMS confirmation shortly.',
  'Samahani, I did not catch that. Could you say it again?',
  'You can pay the {product} in three installments of {amount} shillings.',
];
const DAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'yesterday',
  'this morning',
  'last week',
];

export class Corpus {
  constructor(private readonly rand: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  private fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_, key: string) => {
      switch (key) {
        case 'name':
          return this.pick(NAMES);
        case 'place':
          return this.pick(PLACES);
        case 'product':
          return this.pick(PRODUCTS);
        case 'problem':
          return this.pick(PROBLEMS);
        case 'amount':
          return String(this.int(1, 500) * 50);
        case 'fee':
          return String(this.int(0, 110));
        case 'ref':
          return `Q${this.int(100, 999)}${String.fromCharCode(65 + this.int(0, 25))}${this.int(1000, 9999)}`;
        case 'day':
          return this.pick(DAYS);
        case 'digits':
          return String(this.int(100, 999));
        default:
          return key;
      }
    });
  }

  callerLine(): string {
    return this.fill(this.pick(CALLER));
  }

  agentLine(): string {
    return this.fill(this.pick(AGENT));
  }

  /** A Kenyan mobile number; a small share of callers call often, as in real logs. */
  callerNumber(): string {
    const repeat = this.rand() < 0.3;
    const n = repeat ? this.int(0, 499) : this.int(0, 9_999_999);
    return `+2547${String(n).padStart(8, '0')}`;
  }
}
