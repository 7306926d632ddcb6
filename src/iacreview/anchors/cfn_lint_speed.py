"""Shortcuts inside cfn-lint that keep its matches identical and cut its CPU time by about half.

cfn-lint dominates a review's CPU time once synth is warm (``benchmarks/corpus_speed.py``). Profiling it on the
synthesized templates of the development corpus shows two costs that depend on nothing but their arguments:

- ``cfnlint.jsonschema.validators.create`` builds a new ``@dataclass`` validator class (three ``exec`` calls) every
  time a rule extends a validator, thousands of times per template, although the arguments take about fifteen
  distinct values over a whole corpus. The class depends only on those arguments (the validator functions, the
  function filter's field values and the function resolvers), so one class per distinct set serves them all.
- ``dataclasses.fields(cls)``, called on every ``evolve`` of a context, validator or function filter (hundreds of
  thousands of times per template), recomputes a tuple that is fixed per class.
- ``Context.evolve`` (a frozen dataclass without ``__post_init__``) copies every field through the generated
  ``__init__``; filling the new instance's ``__dict__`` directly gives the same object for a fraction of the cost
  (its one ``cached_property`` is left to be computed again, as a fresh instance would).
- A validator made without a template gets a new empty ``Template(None, {})`` (a graph, conditions and a context
  built for nothing) as its default, thousands of times per template, and is then evolved with the real one; one
  empty template serves them all (``shared_blank_template``).
- Every ``extend_validator`` makes a new ``RefResolver`` with empty caches, so each ``$ref`` fragment is searched
  for again, breadth-first through the whole schema (``resolve_fragment``), and each resolver lists the schema's
  subschemas again (``_get_subschemas_cache``). Both answers depend only on the schema object (loaded once, never
  changed while linting) and the fragment: they are kept per schema (``memoized_resolve_fragment``,
  ``shared_subschemas``).
- ``regex``'s module functions (``regex.search(pattern, text)``) rebuild a cache key from all their arguments on
  every call; cfn-lint's modules, and the rule files it loads by path, get a stand-in that compiles each pattern
  once (``compile_regexes_once``, ``reach_rule_modules``).
- Each of those resolvers also wraps three functions in ``lru_cache`` when it is made (``functools.update_wrapper``
  is most of that), although most are never asked to resolve anything: ``lazy_resolver_caches`` makes the two
  per-resolver caches on their first call and shares one cache of the pure ``urljoin``.
- The ``enum`` keyword compares a value with each allowed value in turn; a ``Ref`` is checked against the names of
  all resources and parameters, so the comparisons grow with refs times resources. A string found among the values
  ends the search at once (``fast_enum``).
- ``CfnLint.cfnLint`` (rule E1101, the dispatcher of the supplemental checks) compares each schema keyword with every
  keyword of every child rule, tens of thousands of times per template; a keyword -> rules table built once the
  rules are loaded (``index_dispatch``) gives the same rules in the same order.
- The ``if`` keyword validates the instance against the ``if`` schema through the whole validator machinery (function
  filter, condition scenarios, a validator per property) only to learn whether there was an error. cfn-lint's
  schemas use ``if`` mostly as a discriminator (``{"properties": {"Type": {"const": ...}}, "required": ["Type"]}``:
  six per resource for update policies, 980 per RDS instance for its instance classes), and most of them fail.
  Where the ``if`` schema has only that shape, the keyword functions are cfn-lint's own and the values it reads are
  plain strings, numbers or booleans, the same keyword functions called directly tell a certain failure
  (``fast_if``); anything else is left to cfn-lint.

All are installed once per process before the first lint (``cfn_lint._rules``), and only when cfn-lint's internals
have the shape they were written for; otherwise cfn-lint runs as shipped. ``tests/anchors`` lints the same
templates with and without them and requires identical matches.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

# Modules whose evolve() methods call ``fields(<a dataclass>)`` through their module-level name ``fields``.
_FIELDS_USERS = ("cfnlint.context.context", "cfnlint.jsonschema._filter", "cfnlint.jsonschema.validators")
_CREATE_PARAMETERS = ["validators", "function_filter", "fn_resolvers"]

_undo: list[Callable[[], None]] = []
_MEMO_LIMIT = 100_000  # distinct schema objects x fragments seen in a corpus run: a few thousand


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a field value (lists and dicts of a function filter)."""
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    return value


def _filter_key(function_filter: Any) -> Any:
    if function_filter is None:
        return None
    if not dataclasses.is_dataclass(function_filter):
        raise TypeError("not a dataclass")  # unknown shape: no memo for this call
    return type(function_filter), tuple(
        (f.name, _freeze(getattr(function_filter, f.name))) for f in dataclasses.fields(function_filter)
    )


def memoized_create(original: Callable[..., type]) -> Callable[..., type]:
    """``create`` returning one class per distinct (validators, function filter values, resolvers); each class
    gets the fast ``evolve`` (``fast_validator_evolve``) where its shape allows."""
    classes: dict[Any, type] = {}

    def create(validators: Any = None, function_filter: Any = None, fn_resolvers: Any = None) -> type:
        try:
            key = (tuple((validators or {}).items()), _filter_key(function_filter),
                   tuple((fn_resolvers or {}).items()))
            hash(key)
        except TypeError:
            return original(validators, function_filter, fn_resolvers)
        cls = classes.get(key)
        if cls is None:
            cls = classes[key] = original(validators, function_filter, fn_resolvers)
            evolve = fast_validator_evolve(cls)
            if evolve is not None:
                cls.evolve = evolve  # type: ignore[attr-defined]
        return cls

    create.classes = classes  # type: ignore[attr-defined]  # for tests and profiling
    return create


def cached_fields(original: Callable[..., tuple[dataclasses.Field[Any], ...]]) -> Callable[..., Any]:
    """``dataclasses.fields`` with the answer for a class kept (instances are passed through)."""
    known: dict[type, tuple[dataclasses.Field[Any], ...]] = {}

    def fields(class_or_instance: Any) -> tuple[dataclasses.Field[Any], ...]:
        if not isinstance(class_or_instance, type):
            return original(class_or_instance)
        found = known.get(class_or_instance)
        if found is None:
            found = known[class_or_instance] = original(class_or_instance)
        return found

    return fields


def fast_context_evolve(context_class: Any) -> Callable[..., Any] | None:
    """``Context.evolve`` without the generated ``__init__``; None when the class is not of the expected shape."""
    target: Any = context_class  # kept apart from the checks below, which narrow ``context_class``
    if not dataclasses.is_dataclass(context_class) or hasattr(context_class, "__post_init__"):
        return None
    params = getattr(context_class, "__dataclass_params__", None)
    fields = dataclasses.fields(context_class)
    if params is None or not params.frozen or any(not f.init for f in fields):
        return None
    init = tuple(f.name for f in fields)
    names = frozenset(init)
    original = target.evolve

    def evolve(self: Any, **kwargs: Any) -> Any:
        if type(self) is not target or not names.issuperset(kwargs):
            return original(self, **kwargs)  # a subclass or an unknown field: cfn-lint's own way (and errors)
        if "ref_values" in kwargs:  # cfn-lint merges these into the current ones
            merged = self.ref_values.copy()
            merged.update(kwargs["ref_values"])
            kwargs["ref_values"] = merged
        new = object.__new__(target)
        state, current = new.__dict__, self.__dict__
        for name in init:
            state[name] = kwargs[name] if name in kwargs else current[name]
        return new

    return evolve


def fast_validator_evolve(validator_class: type) -> Callable[..., Any] | None:
    """``Validator.evolve`` without the generated ``__init__``; None when the class is not of the expected shape.

    cfn-lint's ``evolve`` builds a new instance through ``cls(**kwargs)``: every init field from ``kwargs`` or from
    ``self``, every other field from its default factory, then ``__post_init__``. The factories of a class made by
    ``create`` return the same objects on every call (the arguments ``create`` closed over), so they are taken once;
    an instance whose non-init field was reassigned (``evolved.validators = {...}``) passes it on to nothing, as
    with the original."""
    target: Any = validator_class
    if not dataclasses.is_dataclass(validator_class) or not hasattr(validator_class, "__post_init__"):
        return None
    init: list[str] = []
    defaults: dict[str, Any] = {}
    for f in dataclasses.fields(validator_class):
        if f.init:
            init.append(f.name)
            continue
        factory = f.default_factory
        if factory is dataclasses.MISSING:
            return None
        first = factory()
        if factory() is not first:
            return None  # a fresh object per instance: copying one would share it
        defaults[f.name] = first
    names = frozenset(init)
    original = target.evolve
    post_init = target.__post_init__

    def evolve(self: Any, **kwargs: Any) -> Any:
        if type(self) is not target or not names.issuperset(kwargs):
            return original(self, **kwargs)
        new = object.__new__(target)
        state, current = new.__dict__, self.__dict__
        state.update(defaults)
        for name in init:
            state[name] = kwargs[name] if name in kwargs else current[name]
        post_init(new)
        return new

    return evolve


def shared_blank_template(template_class: Any) -> Callable[..., Any]:
    """``Template`` for the validators' default factory: ``Template(None, {})`` made once, anything else as asked."""
    blank: list[Any] = []

    def make(*args: Any, **kwargs: Any) -> Any:
        if kwargs or len(args) != 2 or args[0] is not None or args[1] != {}:
            return template_class(*args, **kwargs)
        if not blank:
            blank.append(template_class(None, {}))
        return blank[0]

    return make


def memoized_resolve_fragment(original: Callable[..., Any]) -> Callable[..., Any]:
    """``RefResolver.resolve_fragment`` remembering (schema object, fragment) -> subschema; errors are not kept."""
    known: dict[tuple[int, str], tuple[Any, Any]] = {}

    def resolve_fragment(self: Any, document: Any, fragment: Any) -> Any:
        if not isinstance(fragment, str):
            return original(self, document, fragment)
        key = (id(document), fragment)
        hit = known.get(key)
        if hit is not None and hit[0] is document:
            return hit[1]
        found = original(self, document, fragment)
        if len(known) < _MEMO_LIMIT:
            known[key] = (document, found)  # the document is kept alive: its id stays its own
        return found

    return resolve_fragment


def shared_subschemas(original: Callable[..., Any]) -> Callable[..., Any]:
    """``RefResolver._get_subschemas_cache`` computed once per referrer schema and shared by its resolvers."""
    known: dict[int, tuple[Any, Any]] = {}

    def get_subschemas_cache(self: Any) -> Any:
        if self._subschemas_cache is not None:
            return self._subschemas_cache
        hit = known.get(id(self.referrer))
        if hit is not None and hit[0] is self.referrer:
            self._subschemas_cache = hit[1]
            return hit[1]
        found = original(self)
        if len(known) < _MEMO_LIMIT:
            known[id(self.referrer)] = (self.referrer, found)
        return found

    return get_subschemas_cache


_IF_SHAPE = frozenset({"properties", "required"})
_IF_VALUE_KEYWORDS = frozenset({"const", "enum", "type", "pattern"})
# Keywords rules give functions of their own (``cfn_type``, rule E3031's ``pattern``): on a plain value they yield
# plain errors or none, never an unknown one, so they can be left out of a decision the others make.
_IF_RULE_KEYWORDS = frozenset({"type", "pattern"})


def fast_if(original: Callable[..., Any], stock: dict[str, Any], is_function_name: Callable[[Any], bool],
            pseudo_parameters: frozenset[str]) -> Callable[..., Any]:
    """cfn-lint's ``if`` keyword, going to ``else`` (or nowhere) at once when the ``if`` schema certainly fails.

    ``if_`` collects every error of the ``if`` schema: an "unknown" one makes the result unknown, none runs ``then``,
    others run ``else``. So a shortcut may only claim a failure that cfn-lint would find too, with no unknown error
    possible anywhere in the ``if`` schema. That holds when:

    - the ``if`` schema has only ``properties`` and ``required``, and each property schema only ``const``, ``enum``,
      ``type`` and ``pattern``; the functions that decide are cfn-lint's own keyword functions (``stock``) in this
      validator (rules may replace a keyword's function: a rule's ``type`` or ``pattern`` is not called, as it can
      only add plain errors);
    - the instance is an object that is not a function call and has no ``Fn::If`` values (``required`` is checked
      per condition scenario; without conditions there is one, the instance);
    - every property the schema names and the instance has is a plain string, number or boolean: no function, no
      dynamic reference and no bare pseudo-parameter, which cfn-lint's function filter would validate another way.

    Then a required key the instance lacks, or a property value one of those keyword functions rejects, is a failure
    of cfn-lint's own evaluation. In every other case cfn-lint's ``if_`` runs."""

    def failure_is_certain(validator: Any, if_schema: Any, instance: Any) -> bool:
        if type(if_schema) is not dict or not _IF_SHAPE.issuperset(if_schema) or not isinstance(instance, dict):
            return False
        validators = validator.validators
        if any(validators.get(keyword) is not stock[keyword] for keyword in if_schema):
            return False
        required = if_schema.get("required", [])
        properties = if_schema.get("properties", {})
        if type(required) is not list or type(properties) is not dict:
            return False
        failed = any(name not in instance for name in required)
        for name, subschema in properties.items():
            if name not in instance:
                continue
            value = instance[name]
            if not _plain(value, pseudo_parameters):
                return False
            if type(subschema) is not dict or not _IF_VALUE_KEYWORDS.issuperset(subschema):
                return False
            for keyword, argument in subschema.items():
                function = validators.get(keyword)
                if function is not stock[keyword]:
                    if keyword in _IF_RULE_KEYWORDS:
                        continue  # a rule's own check: never an unknown error on a plain value, and not needed
                    return False
                if not failed and next(iter(function(validator, argument, value, subschema) or ()), None) is not None:
                    failed = True
        # Last, as the costliest: an instance that is a function call, or has condition scenarios.
        return failed and not any(is_function_name(key) for key in instance) and not _may_branch(instance)

    def if_(validator: Any, if_schema: Any, instance: Any, schema: Any) -> Any:
        try:
            certain = failure_is_certain(validator, if_schema, instance)
        except Exception:  # an argument of a shape not foreseen: cfn-lint's own way (which reports it)
            certain = False
        if not certain:
            yield from original(validator, if_schema, instance, schema)
        elif "else" in schema:  # what ``if_`` does after a failure
            validator = validator.evolve(function_filter=validator.function_filter.evolve(add_cfn_lint_keyword=False))
            yield from validator.descend(instance, schema["else"], schema_path="else")

    if_.stock = stock  # type: ignore[attr-defined]  # the functions it trusts (tests compare them with the tables)
    return if_


def fast_enum(original: Callable[..., Any]) -> Callable[..., Any]:
    """cfn-lint's ``enum`` keyword, done at once when a string instance is one of the values.

    ``enum`` compares the instance with every value through ``equal`` until one matches; a ``Ref`` is checked against
    the names of all the template's resources and parameters, so a template pays for as many comparisons as its refs
    times its resources. A string that ``equal`` does not read as a boolean ("true"/"false") equals a string value
    exactly when the two are the same string, so finding it among the values (``in``: the same string, of whatever
    str subclass) is the match ``equal`` would find; anything else goes through cfn-lint's own loop."""

    def enum(validator: Any, enums: Any, instance: Any, schema: Any) -> Any:
        if (isinstance(instance, str) and isinstance(enums, list) and instance.lower() not in _BOOLEAN_WORDS
                and instance in enums):
            return
        yield from original(validator, enums, instance, schema)

    return enum


_BOOLEAN_WORDS = frozenset({"true", "false"})


def _may_branch(instance: dict[Any, Any]) -> bool:
    """True when an ``Fn::If`` is among the instance's values or in lists of them: where cfn-lint's
    ``get_conditions_from_property`` finds the conditions that split an instance into scenarios (it accepts only a
    well-formed ``Fn::If``; any ``Fn::If`` here is the safe side)."""
    values = list(instance.values())
    while values:
        value = values.pop()
        if isinstance(value, list):
            values.extend(value)
        elif isinstance(value, dict) and "Fn::If" in value:
            return True
    return False


def _plain(value: Any, pseudo_parameters: frozenset[str]) -> bool:
    if isinstance(value, str):
        return "{{" not in value and value not in pseudo_parameters
    return isinstance(value, (bool, int, float))


def _install_fast_if(validators_module: ModuleType) -> None:
    """``fast_if`` in the keyword tables of the validator classes cfn-lint made on import; every validator extended
    from them (``Validator.extend`` copies its table) gets it too."""
    import importlib

    try:
        keywords = importlib.import_module("cfnlint.jsonschema._keywords")
        helpers = importlib.import_module("cfnlint.helpers")
    except ImportError:
        return
    original = getattr(keywords, "if_", None)
    names = ("properties", "required", *_IF_VALUE_KEYWORDS)
    stock = {name: getattr(keywords, name, None) for name in names}
    functions = getattr(helpers, "FUNCTIONS", None)
    pseudo = getattr(helpers, "PSEUDOPARAMS", None)
    if original is None or None in stock.values() or functions is None or pseudo is None:
        return
    function_names = frozenset(functions)
    fast = fast_if(original, stock, function_names.__contains__, frozenset(pseudo))
    for table in _keyword_tables(validators_module):
        if table.get("if") is original:
            _swap_item(table, "if", fast, original)


def _keyword_tables(validators_module: ModuleType) -> list[dict[str, Any]]:
    """The keyword -> function tables of the validator classes cfn-lint made on import (``Validator.extend`` copies
    them, so every validator made later starts from them)."""
    tables = [getattr(validators_module, "_standard_validators", None)]
    for name in ("CfnTemplateValidator", "StandardValidator"):
        made = getattr(validators_module, name, None)
        field = getattr(made, "__dataclass_fields__", {}).get("validators")
        factory = getattr(field, "default_factory", None)
        tables.append(factory() if callable(factory) else None)
    return [table for table in tables if isinstance(table, dict)]


def _install_fast_enum(validators_module: ModuleType) -> None:
    """``fast_enum`` in the keyword tables and in ``_keywords`` (``enumCaseInsensitive`` calls ``enum`` there); the
    rules that imported ``enum`` get it through ``reach_rule_modules``."""
    import importlib

    try:
        keywords = importlib.import_module("cfnlint.jsonschema._keywords")
    except ImportError:
        return
    original = getattr(keywords, "enum", None)
    if original is None or getattr(original, "__name__", "") != "enum":
        return
    fast = fast_enum(original)
    _FAST_ENUM[:] = [original, fast]
    _swap(keywords, "enum", fast)
    for table in _keyword_tables(validators_module):
        if table.get("enum") is original:
            _swap_item(table, "enum", fast, original)


_FAST_ENUM: list[Any] = []  # [cfn-lint's enum, its stand-in] once installed


def rule_namespaces(rules: Any) -> list[dict[str, Any]]:
    """The module namespaces of the loaded rule classes. cfn-lint loads its rule files by path, as top-level modules
    outside ``sys.modules`` (``Enum``, ``SubNeeded``), so their globals are reached through their functions."""
    seen: dict[int, dict[str, Any]] = {}
    by_id = getattr(rules, "rules", None)
    for rule in (by_id.values() if isinstance(by_id, dict) else ()):
        for cls in type(rule).__mro__:
            for member in vars(cls).values():
                namespace = getattr(member, "__globals__", None)
                if isinstance(namespace, dict) and str(namespace.get("__name__", "")) != __name__:
                    seen.setdefault(id(namespace), namespace)
    return list(seen.values())


def install_for_rules(rules: Any) -> None:
    """What needs the loaded rules (``cfn_lint._rules``, and again after ``install`` in tests): the dispatch table,
    and the stand-ins in the modules the rules brought in."""
    if not installed():
        return
    index_dispatch(rules)
    compile_regexes_once()
    reach_rule_modules(rules)


def reach_rule_modules(rules: Any) -> int:
    """The regex stand-in and ``fast_enum`` in the namespaces of the rule modules (``rule_namespaces``) that use
    ``regex`` or imported cfn-lint's ``enum``; the number of names changed."""
    stand_in = _regex_stand_in()
    changed = 0
    for namespace in rule_namespaces(rules):
        for name in ("re", "regex"):
            if stand_in is not None and namespace.get(name) is stand_in[0]:
                _swap_item(namespace, name, stand_in[1], stand_in[0])
                changed += 1
        if _FAST_ENUM and namespace.get("enum") in _FAST_ENUM:
            _swap_item(namespace, "enum", _FAST_ENUM[1], _FAST_ENUM[0])
            changed += 1
    return changed


def _swap_item(table: dict[str, Any], key: str, value: Any, restore: Any) -> None:
    """``table[key] = value``, undone by setting ``restore`` (cfn-lint's own object, even where a module imported the
    stand-in from an already patched module)."""
    table[key] = value
    _undo.append(functools.partial(table.__setitem__, key, restore))


class _LazyLru:
    """``lru_cache(maxsize)(getattr(owner, name))``, made on the first call."""

    __slots__ = ("_cached", "_maxsize", "_name", "_owner")

    def __init__(self, owner: Any, name: str, maxsize: int) -> None:
        self._owner, self._name, self._maxsize = owner, name, maxsize
        self._cached: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        cached = self._cached
        if cached is None:
            cached = self._cached = functools.lru_cache(self._maxsize)(getattr(self._owner, self._name))
        return cached(*args)


def lazy_resolver_caches(original: Callable[..., None], urljoin: Callable[..., Any]) -> Callable[..., None]:
    """``RefResolver.__post_init__`` with its caches made lazily (``_LazyLru``) and one shared cache of ``urljoin``,
    which depends on its arguments only; a resolver given caches keeps them, as with the original."""
    shared_urljoin = functools.lru_cache(1024)(urljoin)

    def post_init(self: Any) -> None:
        if self._urljoin_cache is None:
            self._urljoin_cache = shared_urljoin
        if self._cache is None:
            self._cache = _LazyLru(self, "resolve_from_url", 1024)
        if self._cache_cfn_pointer is None:
            self._cache_cfn_pointer = _LazyLru(self, "resolve_cfn_pointer", 1024)
        original(self)  # the scope stack and the store; the caches are set already

    return post_init


def _swap(module: ModuleType, name: str, value: Any) -> None:
    previous = getattr(module, name)
    setattr(module, name, value)
    _undo.append(lambda: setattr(module, name, previous))


def _swap_attribute(owner: type, name: str, value: Any) -> None:
    previous = owner.__dict__[name]
    setattr(owner, name, value)
    _undo.append(lambda: setattr(owner, name, previous))


def install() -> bool:
    """Install the shortcuts (once per process); False when cfn-lint's internals are not as expected."""
    if _undo:
        return True
    import importlib

    try:
        validators = importlib.import_module("cfnlint.jsonschema.validators")
        users = [importlib.import_module(name) for name in _FIELDS_USERS]
        resolver = importlib.import_module("cfnlint.schema.resolver._resolver")
    except ImportError:
        return False
    create = getattr(validators, "create", None)
    if create is None or list(inspect.signature(create).parameters) != _CREATE_PARAMETERS:
        return False
    if any(getattr(module, "fields", None) is not dataclasses.fields for module in users):
        return False
    _swap(validators, "create", memoized_create(create))
    _install_resolver_memos(resolver)
    template_class = getattr(validators, "Template", None)
    if isinstance(template_class, type):  # only the default factory of ``cfn`` uses the name there
        _swap(validators, "Template", shared_blank_template(template_class))
    fields = cached_fields(dataclasses.fields)
    for module in users:
        _swap(module, "fields", fields)
    context_class = getattr(users[0], "Context", None)
    evolve = fast_context_evolve(context_class) if isinstance(context_class, type) else None
    if context_class is not None and evolve is not None:
        _swap_attribute(context_class, "evolve", evolve)
    for name in ("CfnTemplateValidator", "StandardValidator"):  # made by ``create`` when cfn-lint was imported
        made = getattr(validators, name, None)
        fast = fast_validator_evolve(made) if isinstance(made, type) and "evolve" in made.__dict__ else None
        if made is not None and fast is not None:
            _swap_attribute(made, "evolve", fast)
    _install_fast_enum(validators)  # first: ``fast_if`` calls the keyword functions the tables then hold
    _install_fast_if(validators)
    compile_regexes_once()  # the modules loaded so far; ``cfn_lint._rules`` calls it again once rules are loaded
    return True


def _install_resolver_memos(module: ModuleType) -> None:
    resolver = getattr(module, "RefResolver", None)
    fragment = getattr(resolver, "resolve_fragment", None)
    subschemas = getattr(resolver, "_get_subschemas_cache", None)
    if not isinstance(resolver, type) or fragment is None or subschemas is None:
        return
    if list(inspect.signature(fragment).parameters) == ["self", "document", "fragment"]:
        _swap_attribute(resolver, "resolve_fragment", memoized_resolve_fragment(fragment))
    if list(inspect.signature(subschemas).parameters) == ["self"]:
        _swap_attribute(resolver, "_get_subschemas_cache", shared_subschemas(subschemas))
    post_init = resolver.__dict__.get("__post_init__")
    urljoin = getattr(module, "urljoin", None)
    names = {f.name for f in dataclasses.fields(resolver)} if dataclasses.is_dataclass(resolver) else set()
    if callable(post_init) and callable(urljoin) and {"_cache", "_cache_cfn_pointer", "_urljoin_cache"} <= names:
        _swap_attribute(resolver, "__post_init__", lazy_resolver_caches(post_init, urljoin))


def _link_child_rules(by_id: dict[str, Any]) -> None:
    """What ``RulesCollection.run`` does before every lint (cfnlint/rules/_rules.py): each rule's ``child_rules``
    from the collection, in the same order. Done here once so the dispatcher's children can be indexed; ``run``
    assigns the same objects again, so nothing changes from one lint to the next."""
    for rule in by_id.values():
        for key in list(rule.child_rules):
            rule.child_rules[key] = by_id.get(key)
        for parent_rule in rule.parent_rules:
            if parent_rule in by_id:
                by_id[parent_rule].child_rules[rule.id] = rule


def index_dispatch(rules: Any) -> bool:
    """Give the loaded E1101 rule a ``cfnLint`` that looks keywords up in a table; False when there is none to index.

    The table keeps cfn-lint's order: schema keywords in turn, then child rules in ``child_rules`` order, a rule once
    per equal keyword it lists. It is built from the rules as loaded, which do not change afterwards."""
    by_id = getattr(rules, "rules", None)
    dispatcher = by_id.get("E1101") if isinstance(by_id, dict) else None
    original = getattr(type(dispatcher), "cfnLint", None)
    children = getattr(dispatcher, "child_rules", None)
    if dispatcher is None or original is None or not isinstance(children, dict) or "cfnLint" in vars(dispatcher):
        return False
    try:
        from cfnlint.jsonschema._utils import Unset
    except ImportError:
        return False
    assert isinstance(by_id, dict)
    _link_child_rules(by_id)
    table: dict[str, list[Any]] = {}
    for rule in children.values():
        if rule is None or not rule.id:
            continue
        for keyword in rule.keywords:
            table.setdefault(keyword, []).append(rule)
    by_keyword = {k: tuple(v) for k, v in table.items()}
    plain = original.__get__(dispatcher)

    linked = len(children)

    def cfnLint(validator: Any, keywords: Any, instance: Any, schema: Any) -> Any:
        if len(children) != linked or not all(isinstance(k, str) for k in keywords):
            yield from plain(validator, keywords, instance, schema)
            return
        validator = validator.evolve(function_filter=validator.function_filter.evolve(add_cfn_lint_keyword=False))
        for keyword in keywords:
            for rule in by_keyword.get(keyword, ()):
                for err in rule.validate(validator, keyword, instance, schema):
                    if err.rule is None and isinstance(err.validator, Unset):
                        err.rule = rule
                    yield err

    dispatcher.cfnLint = cfnLint
    _undo.append(lambda: delattr(dispatcher, "cfnLint"))
    return True


class CompiledOnce:
    """The ``regex`` module as cfn-lint's modules use it (``import regex as re``), with ``search``, ``match``,
    ``fullmatch`` and ``findall`` compiling each (pattern, flags) once, and a compiled pattern without flags called
    directly. ``regex``'s own cache builds a key from all its arguments on every call: about a twentieth of
    cfn-lint's time, for a few hundred distinct patterns. Calls with any other argument go to ``regex`` unchanged."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._compiled: dict[tuple[type, str | bytes, int], Any] = {}
        self._compiled_type = type(module.compile(""))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def _pattern(self, pattern: str | bytes, flags: int) -> Any:
        key = (type(pattern), pattern, flags)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._module.compile(pattern, flags)
            if len(self._compiled) < _MEMO_LIMIT:
                self._compiled[key] = compiled
        return compiled

    def _call(self, name: str, pattern: Any, string: Any, flags: Any, args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> Any:
        if args or kwargs or not isinstance(flags, int):
            return getattr(self._module, name)(pattern, string, flags, *args, **kwargs)
        if isinstance(pattern, (str, bytes)):
            return getattr(self._pattern(pattern, flags), name)(string)
        if isinstance(pattern, self._compiled_type) and not flags:
            return getattr(pattern, name)(string)  # what ``regex`` does with a compiled pattern and no flags
        return getattr(self._module, name)(pattern, string, flags)

    def search(self, pattern: Any, string: Any, flags: Any = 0, *args: Any, **kwargs: Any) -> Any:
        return self._call("search", pattern, string, flags, args, kwargs)

    def match(self, pattern: Any, string: Any, flags: Any = 0, *args: Any, **kwargs: Any) -> Any:
        return self._call("match", pattern, string, flags, args, kwargs)

    def fullmatch(self, pattern: Any, string: Any, flags: Any = 0, *args: Any, **kwargs: Any) -> Any:
        return self._call("fullmatch", pattern, string, flags, args, kwargs)

    def findall(self, pattern: Any, string: Any, flags: Any = 0, *args: Any, **kwargs: Any) -> Any:
        return self._call("findall", pattern, string, flags, args, kwargs)


_ONCE: list[CompiledOnce] = []  # the process's one stand-in: every module it is given shares its compiled patterns


def _regex_stand_in() -> tuple[ModuleType, CompiledOnce] | None:
    """(``regex``, the process's one stand-in for it); None when ``regex`` is not installed."""
    import importlib

    try:
        regex = importlib.import_module("regex")
    except ImportError:
        return None
    if not _ONCE:
        _ONCE.append(CompiledOnce(regex))
    return regex, _ONCE[0]


def compile_regexes_once() -> int:
    """Give every loaded cfn-lint module that uses ``regex`` the ``CompiledOnce`` stand-in (called again once its
    rules are loaded: rule modules are imported then); the number of modules changed. Only modules registered in
    ``sys.modules`` are reached here: rule files cfn-lint loads by path (``SubNeeded``, ``HardCodedArnProperties``)
    get it from ``reach_rule_modules``."""
    import sys

    stand_in = _regex_stand_in()
    if stand_in is None:
        return 0
    regex, once = stand_in
    changed = 0
    for name, module in list(sys.modules.items()):
        if not (name == "cfnlint" or name.startswith("cfnlint.")) or module is None:
            continue
        for attribute in ("re", "regex"):
            if getattr(module, attribute, None) is regex:
                _swap(module, attribute, once)
                changed += 1
    return changed


def uninstall() -> None:
    """Back to cfn-lint as shipped (tests compare both)."""
    while _undo:
        _undo.pop()()


def installed() -> bool:
    return bool(_undo)
