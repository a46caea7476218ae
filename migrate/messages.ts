/**
 * Report messages, each in English and Korean. Every message that asks for attention says why
 * and what to do.
 */
import { Message } from "./report";

const m = (en: string, ko: string): Message => ({ en, ko });

// ---------------------------------------------------------------- renames
export const renamed = (from: string, to: string) =>
  m(`Renamed '${from}' to '${to}'`, `'${from}'을(를) '${to}'(으)로 바꿨습니다.`);
export const keywordRenamed = (fn: string, from: string, to: string) =>
  m(`Renamed keyword argument for ${fn} from ${from} to ${to}`, `${fn}의 키워드 인자 ${from}을(를) ${to}(으)로 바꿨습니다.`);
export const keywordRemoved = (fn: string, kw: string) =>
  m(`Removed argument ${kw} for function ${fn} (TF2 no longer takes it)`, `${fn} 함수의 인자 ${kw}을(를) 지웠습니다 (TF2에서는 받지 않습니다).`);
export const keepProb = (keep: string, rate: string) =>
  m(`Changing keep_prob arg of tf.nn.dropout to rate, and recomputing value: rate = 1 - keep_prob (${keep} -> ${rate})`,
    `tf.nn.dropout의 keep_prob 인자를 rate로 바꾸고 값을 다시 계산했습니다: rate = 1 - keep_prob (${keep} -> ${rate}).`);
export const argsUnreadable = (fn: string) =>
  m(`${fn}: the arguments use a spread or a computed key, so they cannot be renamed automatically; left as is. Spell the arguments out, or rename them by hand (see compat-v1/renames.ts).`,
    `${fn}: 인자에 spread나 계산된 키가 있어 자동으로 바꿀 수 없어 그대로 두었습니다. 인자를 풀어 쓰거나 직접 바꾸세요 (compat-v1/renames.ts 참고).`);
export const argsRejected = (fn: string, why: string) =>
  m(`${fn}: the arguments do not fit TF1's signature, left as is: ${why.split("\n")[0]}`,
    `${fn}: 인자가 TF1의 시그니처와 맞지 않아 그대로 두었습니다: ${why.split("\n")[0]}`);
export const refNotCall = (from: string, to: string) =>
  m(`'${from}' is used as a value, not called: its arguments cannot be translated, so it stays. Call '${to}' with TF2's arguments instead.`,
    `'${from}'을(를) 호출하지 않고 값으로 써서 인자를 옮길 수 없어 그대로 두었습니다. TF2 인자로 '${to}'을(를) 호출하도록 바꾸세요.`);
export const noV2 = (name: string) =>
  m(`'${name}' has no TF2 equivalent in tensorflow-ts; it stays under tf.compat.v1 (it still works in eager mode).`,
    `'${name}'에 해당하는 TF2 API가 tensorflow-ts에 없어 tf.compat.v1에 그대로 두었습니다 (즉시 실행 모드에서도 동작합니다).`);
export const seedSemantics = () =>
  m("tf.random.set_seed: random ops now run eagerly or inside tf.functions, so seeded random values may differ from the TF1 program's.",
    "tf.random.set_seed: 난수 연산이 이제 즉시 실행되거나 tf.function 안에서 실행되므로, 시드를 준 난수 값이 TF1 프로그램과 다를 수 있습니다.");
export const printOp = () =>
  m("tf.compat.v1.Print stays: it is an identity op that prints when run. In TF2 call tf.print(...) where the value is computed.",
    "tf.compat.v1.Print는 그대로 두었습니다 (실행될 때 출력하는 항등 연산). TF2에서는 값을 계산하는 곳에서 tf.print(...)를 부르세요.");
export const pyDiv = () =>
  m("tf.compat.v1.div stays: it floor-divides integers and true-divides floats (Python 2). Use tf.math.divide or tf.math.floordiv, whichever you meant.",
    "tf.compat.v1.div는 그대로 두었습니다: 정수는 내림 나눗셈, 실수는 나눗셈을 합니다 (파이썬 2). 의도에 따라 tf.math.divide나 tf.math.floordiv를 쓰세요.");
export const lossRewritten = (from: string) =>
  m(`${from} (weights 1, reduction SUM_BY_NONZERO_WEIGHTS) is the mean over all elements: rewritten with tf.reduce_mean`,
    `${from} (가중치 1, SUM_BY_NONZERO_WEIGHTS)은 모든 원소의 평균이므로 tf.reduce_mean으로 바꿨습니다.`);

// ---------------------------------------------------------------- graph -> functions
export const disableEagerRemoved = (name: string) =>
  m(`Removed ${name}(): TF2 executes eagerly; graphs come from tf.function`, `${name}()을(를) 지웠습니다: TF2는 즉시 실행하며 그래프는 tf.function이 만듭니다.`);
export const resetGraphRemoved = () =>
  m("Removed reset_default_graph(): TF2 programs have no default graph to reset", "reset_default_graph()를 지웠습니다: TF2 프로그램에는 초기화할 기본 그래프가 없습니다.");
export const placeholderToParam = (name: string, fns: string[]) =>
  m(`Placeholder '${name}' became a parameter of ${fns.length ? fns.map((f) => `'${f}'`).join(", ") : "the tf.functions that use it"}`,
    `플레이스홀더 '${name}'은(는) ${fns.length ? fns.map((f) => `'${f}'`).join(", ") : "이를 쓰는 tf.function"}의 매개변수가 되었습니다.`);
export const placeholderUnused = (name: string) =>
  m(`Removed placeholder '${name}': no Session.run needs it`, `플레이스홀더 '${name}'을(를) 지웠습니다: 이를 쓰는 Session.run이 없습니다.`);
export const sessionRemoved = (what: string) =>
  m(`Removed ${what}: TF2 runs tf.functions directly, without a Session`, `${what}을(를) 지웠습니다: TF2는 세션 없이 tf.function을 바로 실행합니다.`);
export const sessionClosed = () =>
  m("Removed Session.close(): there is no session any more", "Session.close()를 지웠습니다: 이제 세션이 없습니다.");
export const initRemoved = () =>
  m("Removed the variable initializer and its run: TF2 variables are initialised when created",
    "변수 초기화 연산과 그 실행을 지웠습니다: TF2 변수는 만들 때 초기화됩니다.");
export const initToAssign = () =>
  m("Running the initializer again re-initialises the variables: rewritten as assignments of their initial values (random initial values are drawn again, not repeated)",
    "초기화를 다시 실행하면 변수가 다시 초기화되므로 초깃값을 대입하는 코드로 바꿨습니다 (난수 초깃값은 같은 값이 아니라 새로 뽑힙니다).");
export const initOptimizerState = () =>
  m("TF1's initializer also reset the optimizer's slot variables (moments, accumulators); the Keras optimizer keeps its state. Create a new optimizer here if the run must start over.",
    "TF1의 초기화는 옵티마이저의 슬롯 변수(모멘트, 누산기)도 되돌렸지만 Keras 옵티마이저는 상태를 유지합니다. 처음부터 다시 학습해야 한다면 여기서 옵티마이저를 새로 만드세요.");
export const runToCall = (fn: string, fresh: boolean) =>
  fresh
    ? m(`Session.run became a call of the tf.function '${fn}' (the placeholders it feeds are its parameters)`,
      `Session.run을 tf.function '${fn}' 호출로 바꿨습니다 (넣어 주던 플레이스홀더가 매개변수입니다).`)
    : m(`Session.run became a call of the tf.function '${fn}'`, `Session.run을 tf.function '${fn}' 호출로 바꿨습니다.`);
export const runToValue = () =>
  m("Session.run of values that need no graph became direct reads (.numpy())", "그래프가 필요 없는 값의 Session.run을 직접 읽기(.numpy())로 바꿨습니다.");
export const evalToCall = (fn: string) =>
  m(`Tensor.eval()/Operation.run() became a call of the tf.function '${fn}'`, `Tensor.eval()/Operation.run()을 tf.function '${fn}' 호출로 바꿨습니다.`);
export const getVariable = (name: string) =>
  m(`get_variable('${name}') became a tf.Variable named '${name}', created once with its initial value`,
    `get_variable('${name}')을(를) 이름이 '${name}'인 tf.Variable로 바꿨습니다 (초깃값으로 한 번 만듭니다).`);
export const variableScope = (name: string) =>
  m(`variable_scope('${name}') became tf.name_scope: its variables are created once, outside, with the scoped names kept`,
    `variable_scope('${name}')을(를) tf.name_scope로 바꿨습니다: 그 안의 변수는 바깥에서 한 번 만들고 이름(범위 포함)은 유지합니다.`);
export const scopedVariable = (name: string) =>
  m(`get_variable(${name}) is in code that may run several times (a function, a loop): it became the store's tf.Variable for its scoped name, made on first use (inside the first trace) and shared after that`,
    `get_variable(${name})은(는) 여러 번 실행될 수 있는 코드(함수, 반복문)에 있어, 범위 이름으로 찾는 저장소의 tf.Variable로 바꿨습니다 (처음 쓸 때, 즉 첫 추적 때 만들고 그 뒤로는 함께 씁니다).`);
export const dynamicScope = (name: string) =>
  m(`variable_scope(${name}) is in a graph whose variables are made where code may run several times: it became the file's variable_scope helper (a tf.name_scope that also names the store's variables)`,
    `variable_scope(${name})은(는) 여러 번 실행될 수 있는 곳에서 변수를 만드는 그래프에 있어, 파일의 variable_scope 도우미(저장소 변수의 이름도 정하는 tf.name_scope)로 바꿨습니다.`);
export const variableReused = (name: string) =>
  m(`get_variable('${name}') with reuse refers to the tf.Variable created earlier`, `reuse로 부른 get_variable('${name}')은(는) 앞에서 만든 tf.Variable을 가리킵니다.`);
export const optimizer = (from: string, to: string) =>
  m(`${from} became ${to}; minimize() became a GradientTape train step with apply_gradients`,
    `${from}을(를) ${to}(으)로 바꿨고, minimize()는 GradientTape와 apply_gradients를 쓰는 학습 단계가 되었습니다.`);
export const optimizerArg = (from: string, to: string, cls: string) =>
  m(`${cls}: argument ${from} is called ${to} in Keras`, `${cls}: 인자 ${from}은(는) Keras에서 ${to}입니다.`);
export const epsilonNoted = (cls: string, v1: string, keras: string) => v1 === "0"
  ? m(`${cls}: epsilon: 0 because TF1's Adagrad had no epsilon (Keras's default is ${keras}); remove it to get Keras's default`,
    `${cls}: TF1의 Adagrad에는 epsilon이 없어 epsilon: 0을 넘겼습니다 (Keras 기본값은 ${keras}). Keras 기본값을 쓰려면 지우세요.`)
  : m(`${cls}: epsilon passed explicitly (${v1}) because TF1's default differs from Keras's (${keras}); remove it to get Keras's default`,
    `${cls}: TF1의 기본 epsilon(${v1})이 Keras 기본값(${keras})과 달라 명시적으로 넘겼습니다. Keras 기본값을 쓰려면 지우세요.`);
export const useLockingDropped = () =>
  m("use_locking was dropped: Keras optimizers have no such argument", "use_locking은 지웠습니다: Keras 옵티마이저에는 이 인자가 없습니다.");
export const rmspropInit = () =>
  m("RMSprop: TF1 starts the mean-square accumulator at 1.0, Keras at 0.0, so the first steps differ (Keras's are larger). Check the learning rate.",
    "RMSprop: TF1은 제곱 평균 누산기를 1.0에서, Keras는 0.0에서 시작하므로 처음 몇 단계의 값이 다릅니다 (Keras 쪽이 큽니다). 학습률을 확인하세요.");
export const globalStep = (name: string) =>
  m(`minimize(global_step=${name}): the step counter is incremented in the train step (Keras keeps its own count in optimizer.iterations)`,
    `minimize(global_step=${name}): 학습 단계에서 스텝 카운터를 1 올립니다 (Keras는 optimizer.iterations에 따로 셉니다).`);
export const regionKept = (why: string, whyKo: string) =>
  m(`This TF1 graph stays under tf.compat.v1 (graph mode + Session): ${why}`, `이 TF1 그래프는 tf.compat.v1(그래프 모드 + 세션)로 남겨 두었습니다: ${whyKo}`);
export const regionKeptWithOthers = () =>
  m("This graph could be rewritten, but it stays TF1 style too: another graph in this file has to keep graph mode (disable_eager_execution is global). Fix the error above, then run tf-migrate again.",
    "이 그래프는 바꿀 수 있지만 TF1 방식으로 남겨 두었습니다: 이 파일의 다른 그래프가 그래프 모드를 유지해야 합니다 (disable_eager_execution은 전역). 위의 오류를 고친 뒤 tf-migrate를 다시 실행하세요.");
export const getVariableKept = (why: string) =>
  m(`get_variable stays tf.compat.v1.get_variable (${why}); in eager mode it makes a plain variable once. Consider new tf.Variable(<initial value>) and applying the rest by hand.`,
    `get_variable은 tf.compat.v1.get_variable로 남겨 두었습니다 (${why}). 즉시 실행 모드에서는 변수를 한 번 만듭니다. new tf.Variable(<초깃값>)으로 바꾸고 나머지는 직접 옮기는 것을 고려하세요.`);
export const unsupportedInit = (text: string) =>
  m(`get_variable: the initializer ${text} has no direct TF2 spelling here, so the variable is made with tf.compat.v1.get_variable in eager mode (works, but consider tf.Variable(<value>))`,
    `get_variable: 초기화 함수 ${text}을(를) 바로 옮길 수 없어 즉시 실행 모드의 tf.compat.v1.get_variable로 만듭니다 (동작은 하지만 tf.Variable(<값>)을 고려하세요).`);
export const typeCheckerMissing = () =>
  m("Type information was not available (tensorflow-ts types did not resolve): fed values are converted with tf.constant(value, dtype)",
    "타입 정보를 얻지 못했습니다 (tensorflow-ts 타입을 찾지 못함): 넣어 주는 값은 tf.constant(value, dtype)로 변환합니다.");
export const lossKept = (name: string) =>
  m(`${name} stays under tf.compat.v1 (weights, a reduction or a form the rewrite does not cover): it works eagerly; its TF2 form is tf.reduce_mean (or a weighted sum) of the matching tf.nn / tf.keras.losses function.`,
    `${name}은(는) tf.compat.v1에 남겨 두었습니다 (가중치, reduction 등 바꾸지 않는 형태). 즉시 실행에서도 동작하며, TF2에서는 해당 tf.nn / tf.keras.losses 함수에 tf.reduce_mean(또는 가중 합)을 씌운 형태입니다.`);
export const parseError = (what: string) =>
  m(`Failed to parse: ${what}. The file was copied unchanged.`, `파싱에 실패했습니다: ${what}. 파일을 바꾸지 않고 그대로 복사했습니다.`);
export const notebookCellError = (cell: number, what: string) =>
  m(`Cell ${cell}: ${what}`, `셀 ${cell}: ${what}`);
