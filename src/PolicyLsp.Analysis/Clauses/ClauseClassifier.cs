using System.Buffers;
using System.Runtime.CompilerServices;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>
/// Decides whether a sentence is an AI-training clause, a default-opt-in clause, both or neither,
/// following the detection contract: negations, consent gates, protective defaults and third-party
/// rules are not clauses; "we do not … unless you opt out" is.
/// </summary>
internal static class ClauseClassifier
{
    private const int VerbToModelWindow = 10;
    private const int NegationWindow = 12;
    private const int EnumerationLeadInWindow = 20;
    private const int ControlObjectReach = 6;
    private const int TransactionalSubjectReach = 16;
    private const int ByDefaultAsideReach = 30;

    /// <param name="why">When given, records why the sentence is not a clause of a family (for <c>explain</c> and the
    /// evaluation's causes); null on the analysis path, which then records nothing.</param>
    public static IEnumerable<Clause> Classify(SentenceFacts facts, Surroundings? around = null, Rejections? why = null)
    {
        // "Does the app use my chats to train its AI?": a question states no practice (its answer may).
        if (facts.Sentence.Text.AsSpan().TrimEnd().EndsWith("?"))
        {
            why?.Not(ClauseFamily.AiTraining, Rejections.Question);
            why?.Not(ClauseFamily.DefaultOptIn, Rejections.Question);
            yield break;
        }

        around ??= Surroundings.None;
        var ai = Ai(facts, around, why);
        if (ai is not null)
        {
            yield return ai;
        }

        if ((OptIn(facts, around, why) ?? TrainsUntilReaderActs(facts, ai)) is { } optIn)
        {
            // Training that runs until the reader acts is a default whatever the opt-in steps said.
            why?.Forget(ClauseFamily.DefaultOptIn);
            yield return optIn;
        }
    }

    /// <summary>
    /// "Unless you disable Help Improve in the app, footage from your cameras may be used to teach our AI": training
    /// that runs until the reader acts is a default too, whatever data words the opt-in vocabulary knows; its triggers
    /// are the reader's way out.
    /// </summary>
    private static Clause? TrainsUntilReaderActs(SentenceFacts f, Clause? ai)
    {
        if (ai is null)
        {
            return null;
        }

        var ways = f.Find("exception.optOut").Select(f.TextOf).ToList();
        if (StopsOnOptOut(f) is { } stop)
        {
            ways.Add(f.TextOf(f.Find("optin.turnOffCondition")[0]));
            ways.Add(f.TextOf(stop));
        }

        return ways.Count == 0 ? null : new Clause(ClauseFamily.DefaultOptIn, f.Sentence, Distinct(ways), ai.TopicWords);
    }

    private static Clause? Ai(SentenceFacts f, Surroundings around, Rejections? why)
    {
        // "Cooper AI may use Cooper AI Data to improve Cooper AI's products": every AI word is part of the author's name.
        if (around.OwnNames is { Count: > 0 } names && AiWordsOnlyInNames(f, names))
        {
            return why?.Not(ClauseFamily.AiTraining, "AI or training words only inside the company's own name");
        }

        // "- train and evaluate our machine learning models;" is one purpose of a list whose lead-in names the data.
        // "You can turn off model training in Settings": an off switch for training says that it is on, without data words.
        // "We use your information to improve our services. For example, to improve our recommendation models.": an
        // example continues the previous sentence of the paragraph, whose data it is. "| Your videos | To develop new
        // technologies, including by training AI models |": the data sits in another cell of the table row.
        var fragment = IsPurposeFragment(f) || ContinuesDataUse(f, around.Previous) || RowNamesData(f, around.Row) || LeadInNamesData(f, around.LeadIn);
        var offSwitch = f.Has("optin.optOut") || f.Has("optin.optOutWeak");
        // "the classification model dedicated to your account": training the customer's own model for the customer alone.
        var theirs = UnderTheirOwnTerms(f);
        if (IsThirdPartyRule(f) || IsProtective(f) || f.Has("ai.forTheCustomerOnly") || theirs || (!NamesData(f) && !fragment && !offSwitch))
        {
            return why?.Not(ClauseFamily.AiTraining, IsThirdPartyRule(f) ? "a rule for others (what users or third parties may do)"
                : IsProtective(f) ? Rejections.Protective
                : f.Has("ai.forTheCustomerOnly") ? "the customer's own model, trained for the customer alone"
                : theirs ? "a third party's own training under its own terms, not ours"
                : Rejections.NoDataWords);
        }

        // '1.3 "Custom Model" means a model derived by fine-tuning …': a sentence that defines a term states no practice.
        if (DefinesTerm(f))
        {
            return why?.Not(ClauseFamily.AiTraining, "the definition of a term, not a practice");
        }

        // "This page provides information about the training data used in Raven": the document describing itself names a
        // topic, as a title does.
        if (f.Has("optin.aboutDocument"))
        {
            return why?.Not(ClauseFamily.AiTraining, "the document describing itself");
        }

        // "1.4 Model Training & Improvement Data" in a table of contents: a title names a topic, it states no practice.
        // "**5.2 Model training and your files.** We …": so does a numbered heading run into its paragraph.
        if (IsTitleLine(f) || IsNumberedHeading(f))
        {
            return why?.Not(ClauseFamily.AiTraining, "a title, not a practice");
        }

        // "Users may not: - scrape content; - train AI systems on platform data": the entries of a list of rules for
        // others are rules too.
        if (around.LeadIn is { } leadIn && leadIn().Any(IsThirdPartyRule))
        {
            return why?.Not(ClauseFamily.AiTraining, "an entry of a list of rules for others");
        }

        // "aggregate weather data", "synthetic data": not people's data, unless the sentence also says whose or names
        // personal data apart from the qualifier ("personal information, alone or in the aggregate, … to train AI").
        if (f.Has("ai.nonPersonalData") && !ReaderApart(f) && !NamesPersonalDataApart(f))
        {
            return why?.Not(ClauseFamily.AiTraining, "not people's data (aggregated, synthetic, public or otherwise non-personal)");
        }

        // "If you object, we will exclude your messages from future training": training the reader can stop is on.
        var anchor = TrainingAnchor(f) ?? ExcludedOnOptOut(f);
        // "Annotated excerpts used for model training are kept for up to 5 years": training words in the subject of a
        // retention statement say how long the data is kept, not that it is used.
        if (anchor is { } kept && f.Find("ai.retentionStatements").Exists(r => r.TokenStart >= kept.End) && !f.Has("optin.firstParty"))
        {
            return why?.Not(ClauseFamily.AiTraining, "how long training data is kept, not that it is used");
        }

        // "Our use of your stories for AI training is governed exclusively by paragraphs (a) and (b) above": training words
        // in the subject of a pointer say where the rule is, not what it is.
        if (anchor is { } pointed && f.Find("ai.governedBy").Exists(g => g.TokenStart >= pointed.End && !BreaksClause(f, pointed.End, g.TokenStart)))
        {
            return why?.Not(ClauseFamily.AiTraining, "a pointer to where the rule is written, not a practice");
        }

        // "this data (including what we use to create audience segments) feeds our algorithm": a verb in brackets does
        // not reach a model outside them (a model in brackets may be the verb's example: "development (including for AI
        // products)").
        if (anchor is not { } found || OnlyDataLeftOut(f) || TrainsTheirs(f, found) || ByOthers(f, found)
            || (f.InBrackets(found.Verb) && !f.InBrackets(found.First.Equals(found.Verb) ? found.Second : found.First)))
        {
            return why?.Not(ClauseFamily.AiTraining, anchor is not { } tied ? Rejections.NotTied
                : OnlyDataLeftOut(f) ? "only data left out of training is named"
                : TrainsTheirs(f, tied) || ByOthers(f, tied) ? "a model of another party, or trained by one"
                : "the training verb is in brackets, apart from the model");
        }

        // A list entry without data words trains only with a training verb or a model as the object ("- improve AI
        // models;"), or when it lasts until the reader opts out ("- refine our apps and the AI helpers in them, as
        // long as you have not opted out"): "build AI tools for teachers" uses no one's data.
        var optOutException = f.Find("exception.optOut");
        if (!f.Has("ai.dataTerms") && !f.Find("ai.strongVerbs").Contains(found.Verb) && !NamesModel(f, found) && optOutException.Count == 0)
        {
            return why?.Not(ClauseFamily.AiTraining, "a purpose without data words, a training verb or a model as its object");
        }

        if (!f.Has("ai.dataTerms") && !fragment && !SwitchesOffTraining(f, found))
        {
            return why?.Not(ClauseFamily.AiTraining, Rejections.NoDataWords);
        }

        if (PracticeEnded(f, found.Verb.TokenStart))
        {
            return why?.Not(ClauseFamily.AiTraining, Rejections.Ended);
        }

        var listStart = VerbListStart(f, found.Verb.TokenStart);
        if (((IsNegated(f, listStart) || NegatesUseFor(f, listStart) || SubjectNegated(f, found)) && !NegationEndsAtContrast(f, found))
            || OpensNegated(f, found) || NegatedListEntry(f, found) || NegatedLater(f, found) || LedInNegated(around))
        {
            // "we do not … except when you have not opted out" / "… unless you are on the Free plan" still trains, and so
            // does a practice that only stops when the reader acts: "if you turn this off, we will no longer use …".
            if (optOutException.Count == 0 && !f.Has("exception.flip") && StopsOnOptOut(f) is null)
            {
                // "We do not use your messages to train our models, except reported ones, which may train our safety
                // classifiers": what follows the exception trains all the same.
                if (TrainsAfterContrast(f, found) is not { } other)
                {
                    return why?.Not(ClauseFamily.AiTraining, Rejections.Negated);
                }

                found = other;
            }
        }
        else if (AsksConsent(f) || RowAsksConsent(around.Row))
        {
            return why?.Not(ClauseFamily.AiTraining, Rejections.ConsentFirst);
        }

        var triggers = new List<string> { f.TextOf(found.First), f.TextOf(found.Second) };
        triggers.AddRange(optOutException.Select(f.TextOf));
        if (StopsOnOptOut(f) is { } stop)
        {
            triggers.Add(f.TextOf(stop));
        }

        return new Clause(ClauseFamily.AiTraining, f.Sentence, Distinct(triggers), TopicWords(f, "ai.specificTerms", "ai.genericTerms"));
    }

    private static Clause? OptIn(SentenceFacts f, Surroundings around, Rejections? why)
    {
        // "This Privacy Policy informs you about … how you can opt out": the document describing itself; "Request to
        // Opt-Out of Certain Processing …" heads an entry of a list of legal rights.
        // "An authorised agent may file the reader's opt-out …" describes who may act for the reader.
        // "Most browsers accept cookies unless you change their settings": how browsers behave, not a default of ours.
        // "Some providers may use your data to improve their models unless you opt out": their training, their way out.
        var theirs = UnderTheirOwnTerms(f) || (OpensWithOthers(f) && TrainingAnchor(f) is { } anchor && TrainsTheirs(f, anchor));
        if (IsProtective(f) || f.Has("optin.thirdPartyTools") || theirs || f.Has("optin.aboutDocument") || f.Has("optin.agentActs")
            || (f.Has("optin.browserDefaults") && !f.Has("optin.firstParty"))
            || f.Find("optin.rightsHeadings").Exists(h => h.TokenStart == 0) || IsRightsLabel(f))
        {
            return why?.Not(ClauseFamily.DefaultOptIn, IsProtective(f) ? Rejections.Protective
                : f.Has("optin.thirdPartyTools") || theirs ? Rejections.TheirOptOut
                : f.Has("optin.aboutDocument") ? "the document describing itself"
                : f.Has("optin.agentActs") ? "someone acting for the reader"
                : f.Has("optin.browserDefaults") && !f.Has("optin.firstParty") ? "how browsers behave, not a default of ours"
                : "the label of a right in a list of rights");
        }

        // "You will be able to opt out of such a transfer if the buyer's plans differ materially", "If this changes, we
        // will give you a way to opt out": a way out promised for a change that has not happened is no default now.
        if (f.Has("optin.futureChanges"))
        {
            return why?.Not(ClauseFamily.DefaultOptIn, "a way out promised for a future change, not a practice now");
        }

        // "the parcel's tracking number is uploaded automatically": a data-use word inside a non-personal term names no use.
        var topic = f.Has("optin.dataUseTerms") && !OnlyNonPersonalTopics(f) ? f : null;
        // "We send you tips by email. This is on by default.": a default whose subject points back takes the previous
        // sentence's practice, as an opt-out does.
        if (topic is null && !f.Has("optin.optOutWeak") && !f.Has("optin.optOut") && !f.Has("optin.commandOptOuts")
            && !(f.Has("optin.defaultOn") || f.Has("optin.byDefault") || f.Has("optin.onForEveryone")))
        {
            return why?.Not(ClauseFamily.DefaultOptIn, "no data use named");
        }

        // "Until May 2022 profiles were public by default; that setting has been withdrawn": a default that has ended.
        if (f.Has("practice.past") && PracticeEnded(f, FirstOptInTrigger(f)))
        {
            return why?.Not(ClauseFamily.DefaultOptIn, Rejections.Ended);
        }

        // "If you turn off these settings, we will stop collecting your location": a practice of ours that runs until
        // the reader acts is on by default, though the sentence only describes the way out.
        // "Should you object, we stop processing it unless we show compelling legitimate grounds" restates
        // a legal right's effect, not a practice of ours.
        // "Data is no longer collected after you turn this feature off": a passive stop is the practice of the document's
        // author when no other party or device is named.
        // "If you unsubscribe from our newsletter, we will stop sending you emails": leaving what one signed up for.
        if (topic is not null && !AsksConsent(f) && !f.Has("optin.rightsStatements") && StopsOnOptOut(f) is { } stop
            && !(f.Find("optin.turnOffCondition").Exists(c => f.Grammar.UnsubscribeWords.OccursIn(f.TextOf(c))) && LeavesWhatOneSignedUpFor(f, null))
            && (f.Has("optin.firstParty") || (HoldsWord(f, stop, f.Grammar.PassiveAuxiliaries) && !f.Has("optin.thirdPartyOptOut") && !f.Has("optin.deviceControls"))))
        {
            var condition = f.Find("optin.turnOffCondition")[0];
            return new Clause(ClauseFamily.DefaultOptIn, f.Sentence, Distinct([f.TextOf(condition), f.TextOf(stop)]), TopicWords(topic, "optin.dataUseTerms"));
        }

        // "Learn more about … and how to opt out", "Install the opt-out add-on", "To opt out of X, contact …": a command
        // speaks to the reader.
        // "To leave, go to Profile > Driving and switch it off": a command after an opening purpose.
        // Only the word right after the sentence's first comma can follow an opening purpose: one command at most.
        var purposeCommand = f.Find("optin.readerCommands").FindIndex(c => FollowsOpeningPurpose(f, c.TokenStart)) is >= 0 and var at
            ? f.Find("optin.readerCommands")[at] : (PhraseMatch?)null;
        var command = OpensWithCommand(f) || OpensWithPurposeThenCommand(f) || purposeCommand is not null;
        var triggers = new List<PhraseMatch>();
        // "The page you came from is transmitted automatically by your browser": the browser's own behaviour, not a default of ours.
        var agents = f.Find("optin.browserAgent");
        // "Invoices are sent automatically to the billing contact", "You agree to receive text messages with codes to
        // register": messages the service needs, not a use of the data.
        var transactional = f.Has("optin.marketingTerms") ? [] : f.Find("optin.transactionalMessages");
        // "A receipt summarising the items, price and delivery address is automatically sent": the message may be the
        // subject, further back in the same clause.
        triggers.AddRange(f.Find("optin.defaultOn").Where(t => !PhraseSet.StartingBetween(agents, t.TokenEnd, t.TokenEnd + 2).Any()
            && !PhraseSet.StartingBetween(transactional, t.TokenStart - TransactionalSubjectReach, t.TokenEnd + 6)
                .Any(m => m.TokenStart >= t.TokenStart - 6 || !BreaksClause(f, m.TokenEnd, t.TokenStart))
            && !OtherList(f, t)));
        // "Personalised offers are on for every new account", "… to pick new shows. Show picks are on for every new
        // listener", "… we share your name with them. This sharing is on for every new member": on for everyone is a
        // default when the setting names a use ("Message encryption is on for every chat" does not), echoes the previous
        // sentence's purpose or points back to it.
        triggers.AddRange(f.Find("optin.onForEveryone").Where(t => NamesControlledUse(f, t.TokenStart) || StartsAt(f.Find("optin.anaphora"), 0)
            || (around.Previous?.Invoke() is { } before && SubjectEchoes(f, t.TokenStart, before))));
        triggers.AddRange(f.Find("optin.optOut").Where(t => !IsOffer(f, t) || !OptsOutOfThirdParty(f, t)));
        // "By signing up, you agree that we may process your data as described in this policy": consent to the whole
        // policy names no use of its own.
        if (NamesSpecificUse(f))
        {
            // "while you are subscribed", "If you are subscribed to one of our newsletters: …": a condition on a
            // subscription states none (the condition's opener ends on the subscription's first word).
            var conditions = f.Find("optin.conditionOpeners");
            triggers.AddRange(f.Find("optin.implied").Where(t => !PhraseSet.StartingBetween(transactional, t.TokenEnd, t.TokenEnd + 20).Any()
                && !conditions.Exists(c => c.TokenStart < t.TokenStart && c.TokenEnd == t.TokenStart + 1) && !IsMeansOfAnotherVerb(f, t)));
        }
        // "This means you can: - Opt out of telemetry at any time": the entry of a list of what the reader can do.
        var offered = OfferedEntry(f, around.LeadIn);
        if ((f.Has("optin.firstParty") || f.Has("plain.reader") || command || offered) && (!f.Has("optin.rightsStatements") || ExercisesOptOutRight(f) || RightOutOfOurMarketing(f, around.OwnNames)))
        {
            // "to opt out of …" speaks of our practice only when we are its subject, not a partner's tool; "if you do
            // not want an administrator to …" is a choice about something else unless we are in the sentence.
            // "If you do not want calls about your support ticket, …": messages the service needs, not a use of the data.
            triggers.AddRange(f.Find("optin.optOutWeak").Where(t => !OptsOutOfThirdParty(f, t) && (!IsWish(f, t) || WishesAgainstDataUse(f, t))
                && (offered || !IsBareListEntry(f, t)) && !LimitsWithoutReader(f, t)
                && !PhraseSet.StartingBetween(transactional, t.TokenEnd, t.TokenEnd + TransactionalReach).Any()));
            // "You can manage the ad cookies we set", "you can also adjust your marketing preferences in
            // Settings": control over a use of ours, named right after, is a way out of it ("you can update your
            // profile" names none).
            // Not the reader's consent ("you can manage your marketing consent"), a device's controls or a partner's
            // choices ("you can manage your ad preferences with several of the networks we work with").
            if (f.Has("optin.readerControls") && !AsksConsent(f) && !f.Has("optin.deviceControls"))
            {
                var controlled = f.Find("optin.controlledUses");
                var (partners, consents) = (f.Find("optin.thirdPartyOptOut"), f.Find("optin.consentNouns"));
                triggers.AddRange(f.Find("optin.readerControls").Where(c =>
                    PhraseSet.StartingBetween(controlled, c.TokenEnd, c.TokenEnd + ControlObjectReach).Any(u => !BreaksClause(f, c.TokenEnd, u.TokenStart))
                    && ClauseEnd(f, c.TokenEnd) is var end
                    && !PhraseSet.StartingBetween(partners, c.TokenEnd, end).Any() && !PhraseSet.StartingBetween(consents, c.TokenEnd, end).Any()));
            }
            if (command || f.Has("optin.readerCan"))
            {
                // "You can install the add-on to prevent data collection": a way offered to the reader, not our safeguard.
                triggers.AddRange(f.Find("optin.preventOffer"));
            }
        }

        // "Opt out in Settings > Privacy.", "| Ad measurement | Conversions shared with advertisers | Turn it off under
        // Preferences |": a command that opens the sentence and says where offers the reader a way out ("Opt out of the
        // sale of personal information" alone names a right).
        var ways = f.Find("plain.turnOff");
        // "To leave, go to Profile > Driving and switch it off": the way out inside the command after an opening purpose.
        // Not a device's own settings ("To stop tracking, go to your phone's Settings > Privacy and disable …").
        bool InCommand(PhraseMatch t) => purposeCommand is { } c && !f.Has("optin.deviceControls") && !OptsOutOfThirdParty(f, t)
            && c.TokenEnd <= t.TokenStart && !f.Between(c.TokenEnd, t.TokenStart).Contains(',');
        // "Click "Unsubscribe" in any offer email": the command that opens the sentence presses the way out itself.
        var opening = f.Find("optin.readerCommands").Find(c => StartsSentence(f, c.TokenStart));
        // Only a button pressed ("tap", "click" …), and only Unsubscribe or Opt out: "Tap Deactivate to hide your profile"
        // and "Read how to turn off ads from other companies" are not ways out of a use of ours.
        // (The set's ways out that open with "unsubscribe" or "opt" are "unsubscribe" and "opt out".)
        bool Pressed(PhraseMatch t) => opening.TokenEnd > 0 && t.TokenStart >= opening.TokenEnd && t.TokenStart - opening.TokenEnd <= PressedReach
            && f.Grammar.PressVerbs.Contains(f.Tokens[opening.TokenStart].LowerSpan)
            && f.Grammar.PressableWaysOut.Contains(f.Tokens[t.TokenStart].LowerSpan)
            && !f.Between(opening.TokenEnd, t.TokenStart).Contains(',') && !f.Has("optin.deviceControls") && !OptsOutOfThirdParty(f, t);
        foreach (var t in f.Find("optin.commandOptOuts"))
        {
            var pressed = Pressed(t);
            if ((pressed || StartsSentence(f, t.TokenStart) || OpensClause(f, t.TokenStart) || OpensPurpose(f, t) || InCommand(t))
                && !IsNegatedNear(f, t.TokenStart)
                && !triggers.Exists(x => x.TokenStart <= t.TokenStart && x.TokenEnd > t.TokenStart)
                && (pressed || ways.Exists(w => w.TokenStart >= t.TokenEnd ? !f.Between(t.TokenEnd, w.TokenStart).Contains('/')
                    : InCommand(t) && !f.Between(w.TokenEnd, t.TokenStart).Contains('/')) || OpensEntryWithWayOut(f, t, around)))
            {
                triggers.Add(t);
            }
        }

        // "## Your choices - **Weekly deals email** — the unsubscribe link, or Account > Messages": an entry of a choices
        // list names a use of ours and where to switch it off.
        if (topic is not null && triggers.Count == 0 && ChoicesEntryWay(f, around) is { } entryWay)
        {
            triggers.Add(entryWay);
        }

        if (topic is null && triggers.Count > 0)
        {
            // "We stream public posts to the Firehose. Read how to opt out of the Firehose.": the opt-out
            // names what the previous sentence of the paragraph uses, or points back to it.
            topic = CarriedTopic(f, triggers, around.Previous?.Invoke()) ?? SurroundingTopic(f, around) ?? ExplainedNext(f, triggers, around.Next?.Invoke());
        }

        if (topic is null)
        {
            return why?.Not(ClauseFamily.DefaultOptIn, triggers.Count == 0 ? Rejections.WeakWording(f) : Rejections.NoDataUse);
        }

        // Which step took the last of the triggers away, for the reason given when none is left.
        string? emptiedBy = null;

        triggers.AddRange(f.Find("exception.optOut"));
        if (f.Has("optin.byDefaultVerbs"))
        {
            // "By default, GitHub is the data controller", "browsers accept cookies by default": not a data use of ours.
            var exclusions = f.Find("optin.byDefaultExclusions");
            // "By default, your content is not used …" and "it does not use your chats to train its models by default"
            // are protective defaults.
            var negations = f.Find("negation");
            // "In Settings you can decide who can see your albums by default": a default the reader sets is not ours.
            var decides = f.Find("optin.readerDecides");
            // "By default, and save where an agreement provides otherwise, Acme Ltd is the data controller": the
            // exclusion may come after an aside, in the same clause.
            triggers.AddRange(f.Find("optin.byDefault").Where(d =>
                !decides.Exists(r => r.TokenEnd <= d.TokenStart && !BreaksClause(f, r.TokenEnd, d.TokenStart))
                && !exclusions.Any(e => Math.Abs(e.TokenStart - d.TokenStart) <= 8
                    || (e.TokenStart > d.TokenEnd && e.TokenStart - d.TokenEnd <= ByDefaultAsideReach && !f.Between(d.TokenEnd, e.TokenStart).Contains(';')))
                && !negations.Any(n => n.TokenStart >= d.TokenEnd && n.TokenStart - d.TokenEnd <= 6)
                && !IsNegated(f, d.TokenStart)));
        }

        Drop(triggers, t => IsNegatedNear(f, t.TokenStart) && !f.Find("exception.optOut").Contains(t), Rejections.Negated, ref emptiedBy);
        // "You can opt in to or opt out of the newsletter in your profile", "enable or disable location in Settings": a
        // choice offered both ways does not say which way it starts.
        var bothWays = f.Find("optin.bothWays");
        Drop(triggers, t => bothWays.Exists(b => b.TokenStart <= t.TokenStart && t.TokenStart < b.TokenEnd),
            "a choice offered both ways, with no default said", ref emptiedBy);

        // "We may send service notices without offering you the opportunity to opt out of them": the way out is withheld.
        // Not after a negation in the same clause: "We never share it without giving you the option to opt out" offers it.
        Drop(triggers, t => f.Find("optin.wayOutWithheld").Exists(w => w.TokenStart < t.TokenStart && t.TokenStart <= w.TokenEnd + 1
                && !f.Find("negation").Exists(n => n.TokenEnd <= w.TokenStart && !BreaksClause(f, n.TokenEnd, w.TokenStart))),
            "a way out the sentence withholds", ref emptiedBy);
        // "An option to opt out is not provided in a Kids profile", "Opting out of these is not possible": the way out is
        // the subject of a denial, with no punctuation between ("If you opt out, some features are not available" denies
        // something else).
        Drop(triggers, t => f.Find("optin.wayOutDenied").Exists(d => d.TokenStart >= t.TokenEnd && d.TokenStart - t.TokenEnd <= WayOutSubjectReach
                && !Punctuated(f, t.TokenEnd, d.TokenStart)),
            "a way out the sentence withholds", ref emptiedBy);

        // "We send offers only if you opt in; each one includes an unsubscribe link", "emails you send through us must include
        // an unsubscribe link": the link withdraws consent asked first, or is a sender's duty.
        Drop(triggers, t => HoldsWord(f, t, f.Grammar.LinkNouns) && f.Grammar.UnsubscribeWords.OccursIn(f.TextOf(t))
            && (f.Has("gate.consent") || (around.Previous?.Invoke() is { } before && AsksConsent(before))
                || (t.TokenStart > 0 && f.Grammar.ObligationModals.Contains(f.Tokens[t.TokenStart - 1].LowerSpan))),
            "an unsubscribe link that withdraws consent asked first, or one a sender must include", ref emptiedBy);

        // "Marketing data: retained until you unsubscribe": how long data is kept, not a use that runs until the reader acts.
        Drop(triggers, t => AfterRetentionVerb(f, t), "how long data is kept, not a use that runs until the reader acts", ref emptiedBy);

        // "Please see the Your Choices and Opting Out of Advertising section": the title of a section or a page.
        Drop(triggers, t => InTitle(f, t), "the title of a section or a page", ref emptiedBy);

        // "You can unsubscribe from the newsletter at any time": leaving something one signed up for is no default;
        // "you can unsubscribe from our promotional emails" leaves marketing we send unasked.
        // "We send emails about offers that may interest you. To unsubscribe from such emails, …": the marketing may be
        // named by the previous sentence of the paragraph, by another cell of the table row ("| Promotional email |
        // Offers for plans | Sent until you unsubscribe |"), or by the lead-in of a list ("We send you offers. To stop
        // them: - click Unsubscribe in any email"). A newsletter named beside marketing is one of its channels ("you may
        // unsubscribe from our newsletter or marketing emails").
        if (LeavesWhatOneSignedUpFor(f, around))
        {
            Drop(triggers, t => f.Grammar.UnsubscribeWords.OccursIn(f.TextOf(t)), "unsubscribing from something one signed up for (no marketing named)", ref emptiedBy);
        }

        // "You may opt out of personalised ads by enabling Limit Ad Tracking on your device", "cookies can be disabled
        // in your browser settings", "app users may opt out of certain mobile ads via their device settings": the
        // platform's control over cross-app advertising or over cookies in general is not a default of ours.
        // "You can choose to disable cookies through your individual browser options": the same through a route in the
        // browser, when it is named in the way out's own clause (not "You can opt out in Account > Ads, and you can also
        // clear cookies through your browser options", where our own way out comes first).
        if (f.Has("optin.adTerms") || f.Has("optin.browserControlled"))
        {
            var device = f.Has("optin.deviceControls");
            Drop(triggers, t => (IsOffer(f, t) || f.Find("optin.optOutWeak").Contains(t) || f.Find("optin.optOut").Contains(t))
                && (device || RouteInClause(f, t, "optin.browserRoutes")), "a device's or browser's own control over advertising or cookies", ref emptiedBy);
        }

        // "You can opt out of storing this data by uninstalling the app", "… by not using these optional features": leaving
        // the product is no way out of a use within it.
        Drop(triggers, t => RouteInClause(f, t, "optin.quittingRoutes"), "no way out but to stop using the product", ref emptiedBy);

        // "You will promptly honour a recipient's request to opt out of your emails": the reader's duty towards others, not
        // a default of ours. "opt out of this arbitration agreement (email us from the address on your account)": the
        // opt-out's object is not a data use, whatever data words the way to do it names.
        var duties = f.Find("optin.readerDuties");
        var notDataUses = f.Find("optin.notDataUses");
        // "You may opt out of the agreement to arbitrate … your notice must say you want to opt out": once the sentence's
        // opt-out is of something other than a data use, so are its others; "Unless you opt out as provided above, you
        // waive any right to join a class action" names no data use at all.
        var offTopic = triggers.Exists(t => PhraseSet.StartingBetween(notDataUses, t.TokenEnd, t.TokenEnd + 3).Any())
            || (notDataUses.Count > 0 && !NamesSpecificUse(f));
        var offers = offTopic ? f.Find("optin.optOut").Concat(f.Find("optin.optOutWeak")).Concat(f.Find("exception.optOut")).ToHashSet() : null;
        Drop(triggers, t => PhraseSet.StartingBetween(duties, t.TokenStart - 12, t.TokenStart - 1).Any() || offers?.Contains(t) == true,
            "the reader's duty to others, or an opt-out of something that is not a data use", ref emptiedBy);

        // "if you opt in to X, …; on iOS, reports are sent automatically by default": a gate covers its own clause only.
        // "When you opt out of X, we delete …" describes the effect of opting out, not the practice itself.
        // "This is switched on when you sign up": a gate inside the default's own words ("… when you sign up") asks nothing.
        // "We email you news, and texts (if you opt in), about …": a gate in brackets covers what the brackets hold.
        // "Send you offers (only with your consent; you can unsubscribe at any time)": an offer to opt out after consent asked
        // earlier in the sentence withdraws that consent, across a semicolon too.
        var consent = f.Find("gate.consent");
        var gates = consent.Concat(f.Find("optin.effectOnly")).ToList();
        Drop(triggers, t => gates.Any(g => !(g.TokenStart > t.TokenStart && g.TokenStart < t.TokenEnd) && (!f.InBrackets(g) || f.InBrackets(t))
            && (!f.Between(Math.Min(g.TokenEnd, t.TokenEnd), Math.Max(g.TokenStart, t.TokenStart)).Contains(';')
                || (g.TokenEnd <= t.TokenStart && consent.Contains(g) && (f.Find("optin.optOut").Contains(t) || f.Find("optin.optOutWeak").Contains(t))))),
            f.Has("optin.effectOnly") ? "the effect of opting out, not the practice" : Rejections.ConsentFirst,
            ref emptiedBy);
        if (triggers.Count == 0)
        {
            return why?.Not(ClauseFamily.DefaultOptIn, emptiedBy ?? Rejections.WeakWording(f));
        }

        // "With your consent, partners set ad cookies. … You can opt out at any time." withdraws that consent: the
        // paragraph's practice is consent-first, and a bare opt-out offer states no default of its own.
        var offersOnly = triggers.TrueForAll(t => f.Find("optin.optOut").Contains(t) || f.Find("optin.optOutWeak").Contains(t));
        if (offersOnly && !AsksConsent(f) && around.ConsentEarlier?.Invoke() == true)
        {
            return why?.Not(ClauseFamily.DefaultOptIn, "a way to withdraw consent asked earlier in the paragraph");
        }

        // "can opt out" inside "You can opt out": the message names the longer phrase alone. From the end, so that the
        // list is not read while it is compacted (containment is transitive: a removed phrase contained nothing kept).
        for (var i = triggers.Count - 1; i >= 0; i--)
        {
            var inner = triggers[i];
            if (triggers.Exists(o => o.TokenStart <= inner.TokenStart && o.TokenEnd >= inner.TokenEnd && o.TokenEnd - o.TokenStart > inner.TokenEnd - inner.TokenStart))
            {
                triggers.RemoveAt(i);
            }
        }

        triggers.Sort((a, b) => a.TokenStart.CompareTo(b.TokenStart));
        return new Clause(ClauseFamily.DefaultOptIn, f.Sentence, Distinct(triggers.Select(f.TextOf)), TopicWords(topic, "optin.dataUseTerms"));
    }

    /// <summary>A route of the set follows the trigger in its own clause ("disable cookies through your browser options").</summary>
    private static bool RouteInClause(SentenceFacts f, PhraseMatch trigger, string routes) =>
        f.Find(routes).Exists(r => r.TokenStart >= trigger.TokenEnd && !BreaksClause(f, trigger.TokenEnd, r.TokenStart));

    /// <summary>
    /// "To use your right to opt out of our sale of your data, visit the Privacy Choices page": a right to opt out
    /// of a named use, with the way to do it, offers the reader a way out of it; a right stated alone, or any other
    /// right ("in certain circumstances", "where we rely on legitimate interests"), does not.
    /// </summary>
    private static bool ExercisesOptOutRight(SentenceFacts f)
    {
        var rights = f.Find("optin.optOutRights");
        if (rights.Count == 0 || !f.Find("optin.rightsStatements").TrueForAll(r => rights.Exists(o => o.TokenStart <= r.TokenStart && r.TokenEnd <= o.TokenEnd)))
        {
            return false;
        }

        var end = rights.Max(r => r.TokenEnd);
        return NamesSpecificUse(f) && (f.Find("plain.turnOff").Exists(w => w.TokenStart >= end) || f.Sentence.Block.LinkSpans.Any(l => f.Sentence.Span.Contains(l.Start)));
    }

    /// <summary>
    /// "You have the right to opt out of marketing communications we send you", "… of receiving Acme's promotional
    /// messages": a right to opt out of our own marketing, named in the right's clause, offers the way out of it whether
    /// or not the sentence says how. Not a right that names the sale, sharing or profiling of data (the laws' rights), nor
    /// one the sentence limits after it ("… where we rely on legitimate interests").
    /// </summary>
    private static bool RightOutOfOurMarketing(SentenceFacts f, IReadOnlyList<string>? names)
    {
        var rights = f.Find("optin.optOutRights");
        if (rights.Count == 0 || f.Find("optin.rightsStatements").Exists(r => r.TokenEnd > rights[^1].TokenEnd))
        {
            return false;
        }

        var (from, end) = (rights[^1].TokenEnd, ClauseEnd(f, rights[^1].TokenEnd));
        bool Within(PhraseMatch m) => m.TokenStart >= from && m.TokenEnd <= end;
        // The names are looked up last, and only when no word for us is there.
        return !NamesRightsUse(f, from, end) && f.Find("optin.marketingTerms").Exists(Within)
            && (f.Find("optin.firstParty").Exists(Within)
                || (names is { Count: > 0 } && Enumerable.Range(from, end - from).Any(i => OwnNames.Inside(f, names, i))));
    }

    /// <summary>Removes the triggers a step turns down; when it takes the last one, <paramref name="emptiedBy"/> names the step.</summary>
    private static void Drop(List<PhraseMatch> triggers, Predicate<PhraseMatch> turnedDown, string step, ref string? emptiedBy)
    {
        var before = triggers.Count;
        triggers.RemoveAll(turnedDown);
        if (before > 0 && triggers.Count == 0)
        {
            emptiedBy ??= step;
        }
    }

    /// <summary>
    /// The sentence asks consent first, outside brackets: "We email you about new products, and text you (if you opt
    /// in) about orders" asks it for the texts alone.
    /// </summary>
    internal static bool AsksConsent(SentenceFacts f) => f.Find("gate.consent").Exists(g => !f.InBrackets(g) && !ConsentOnlyThere(f, g));

    /// <summary>The sets whose words make a sentence a default's own statement or its way out.</summary>
    private static readonly string[] OptInTriggers = ["optin.defaultOn", "optin.byDefault", "optin.optOut", "optin.optOutWeak", "optin.commandOptOuts", "exception.optOut", "optin.onForEveryone"];

    /// <summary>Where the first of the sentence's default or opt-out words starts (<see cref="int.MaxValue"/> when it has none).</summary>
    private static int FirstOptInTrigger(SentenceFacts f)
    {
        var first = int.MaxValue;
        foreach (var set in OptInTriggers)
        {
            if (f.Find(set) is [var match, ..])
            {
                first = Math.Min(first, match.TokenStart);
            }
        }

        return first;
    }

    /// <summary>
    /// "Until 1 May 2024 we used call recordings to tune our speech models; that practice has ended", "Earlier versions of
    /// this policy allowed us to …, but we removed that purpose": the sentence places the practice in the past before the
    /// practice's own words (at <paramref name="practiceStart"/>) and says after them that it has ended. Other orders are
    /// about something else: "we previously asked first but no longer do: we now train on …", "if you turn it off, we no
    /// longer collect it, and what was previously collected is deleted". Never while the reader can still act on it ("…
    /// unless you opt out").
    /// </summary>
    private static bool PracticeEnded(SentenceFacts f, int practiceStart)
    {
        if (f.Has("exception.optOut") || f.Has("optin.turnOffCondition") || f.Find("practice.past") is not [var past, ..] || past.TokenStart >= practiceStart)
        {
            return false;
        }

        // "The earlier version let you opt out; we may now use your content …, and the opt-out has been removed": what
        // ended is a safeguard, and the practice goes on now.
        var safeguards = f.Find("practice.safeguards");
        return !f.Find("practice.current").Exists(c => c.TokenStart > past.TokenEnd)
            && f.Find("practice.ended").Exists(e => e.TokenStart > practiceStart
                && !PhraseSet.StartingBetween(safeguards, e.TokenStart - SafeguardReach, e.TokenStart - 1).Any());
    }

    /// <summary>Whether one of the match's words is one of the list's, without building its text.</summary>
    private static bool HoldsWord(SentenceFacts f, PhraseMatch match, WordList words)
    {
        for (var i = match.TokenStart; i < match.TokenEnd; i++)
        {
            if (words.Contains(f.Tokens[i].LowerSpan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How far before "has ended" / "has been removed" the safeguard that ended may stand ("the opt-out has …").</summary>
    private const int SafeguardReach = 3;

    /// <summary>
    /// "If you live in the EU we will ask for your consent first, but for members everywhere else we may use …", "In the
    /// UK we only do this with your consent; elsewhere, we may use …": consent asked in a place named before it, then a
    /// turn (a contrast or a semicolon) to everyone else, for whom the practice does not ask.
    /// </summary>
    private static bool ConsentOnlyThere(SentenceFacts f, PhraseMatch gate)
    {
        var elsewhere = f.Find("gate.elsewhere");
        return elsewhere.Count > 0 && f.CatalogMentions(RegionCatalog.Default).Any(m => m.TokenEnd <= gate.TokenStart)
            && elsewhere.Exists(e => e.TokenStart >= gate.TokenEnd && TurnsBetween(f, gate.TokenEnd, e.TokenStart));
    }

    /// <summary>A contrast ("but", "however" …) or a semicolon between the two tokens.</summary>
    private static bool TurnsBetween(SentenceFacts f, int fromTokenEnd, int toTokenStart) =>
        f.Between(fromTokenEnd, toTokenStart).Contains(';') || PhraseSet.StartingBetween(f.Find("ai.contrasts"), fromTokenEnd, toTokenStart - 1).Any();

    /// <summary>
    /// Whether an earlier sentence of the paragraph asks consent first, so that a bare opt-out offer withdraws it ("With
    /// your consent, partners set ad cookies. You can opt out at any time."). Consent asked only in some regions, before
    /// a practice stated for everyone, does not count: "In the EU, training is off unless you switch it on. We may use
    /// your posts to train our models. You can opt out." offers a way out of the practice stated last.
    /// </summary>
    internal static bool ConsentFirst(IEnumerable<SentenceFacts> earlierNearestFirst, RegionCatalog catalog)
    {
        var practiceAfter = false;
        foreach (var f in earlierNearestFirst)
        {
            if (AsksConsent(f))
            {
                if (!practiceAfter || !(f.Has("carveout.scopeCues") && f.CatalogMentions(catalog).Count > 0))
                {
                    return true;
                }
            }
            else if (f.Has("optin.dataUseTerms"))
            {
                practiceAfter = true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every AI or model word of the sentence opens inside one of the author's names ("AI" in "Cooper AI"), or every
    /// training word does ("Retrainly Confidential Information includes the AI platform").
    /// </summary>
    private static bool AiWordsOnlyInNames(SentenceFacts f, IReadOnlyList<string> names)
    {
        bool AllInside(string set) => f.Find(set).TrueForAll(w => OwnNames.Inside(f, names, w.TokenStart));
        bool AnyOf(string first, string second) => f.Has(first) || f.Has(second);
        return (AnyOf("ai.specificTerms", "ai.genericTerms") && AllInside("ai.specificTerms") && AllInside("ai.genericTerms"))
            || (AnyOf("ai.strongVerbs", "ai.weakVerbs") && AllInside("ai.strongVerbs") && AllInside("ai.weakVerbs")
                && !AnyOf("ai.learningPhrases", "ai.trainingData"));
    }

    /// <summary>
    /// Data words that name data, not the kind of a model: "voice" in "our voice AI models" or "a model for voice AI",
    /// "image" in "image models", directly before a model word, says what the model does, not whose data trains it.
    /// </summary>
    private static bool NamesData(SentenceFacts f)
    {
        var models = f.Find("ai.specificTerms");
        var generic = f.Find("ai.genericTerms");
        return f.Find("ai.dataTerms").Exists(d => (!StartsAt(models, d.TokenEnd) && !StartsAt(generic, d.TokenEnd))
            || !f.Between(d.TokenEnd, d.TokenEnd).IsWhiteSpace());
    }

    /// <summary>
    /// An unsubscribe in the sentence leaves something one signed up for: no marketing is named, and the sentence names a
    /// product one signs up for (a newsletter) or, when <paramref name="around"/> is given, nothing around it sends
    /// marketing (the previous sentence of the paragraph, another cell of the table row, the lead-in of a list). The stop
    /// on opting out reads the sentence alone: "Once you have unsubscribed, we stop adding your address to our mailing
    /// campaigns" says itself that the practice runs until the reader acts.
    /// </summary>
    private static bool LeavesWhatOneSignedUpFor(SentenceFacts f, Surroundings? around) =>
        !f.Has("optin.marketingTerms") && (f.Has("optin.optInProducts") || (around is not null && !(SendsMarketing(around.Previous?.Invoke())
            || around.Row?.Invoke().Any(cell => cell.Has("optin.marketingTerms")) == true
            || around.LeadIn?.Invoke().Any(SendsMarketing) == true)));

    /// <summary>The reader's turning off ends how long data is kept: a verb of keeping right before it ("retained until you unsubscribe").</summary>
    private static bool AfterRetentionVerb(SentenceFacts f, PhraseMatch m) =>
        m.TokenStart > 0 && f.Grammar.RetentionVerbs.Contains(f.Tokens[m.TokenStart - 1].LowerSpan);

    /// <summary>
    /// "off by default", "is turned off": a protective default, unless it is the reader's way out of our practice
    /// ("… to build your mix unless the feature is turned off", "… except where you have not opted out of model
    /// training" start inside the exception).
    /// </summary>
    private static bool IsProtective(SentenceFacts f)
    {
        var protective = f.Find("default.protective");
        if (protective.Count == 0)
        {
            return false;
        }

        var exceptions = f.Find("exception.optOut");
        return protective.Exists(p => !PhraseSet.StartingBetween(exceptions, p.TokenStart - MaxExceptionPhrase, p.TokenStart)
            .Any(e => p.TokenStart < e.TokenEnd));
    }

    /// <summary>
    /// "You can create a profile by registering with us", "… to get around our rules by creating a new profile": an
    /// implied opt-in that opens with a means marker ("by …") inside a clause is how another verb is done; it implies
    /// consent only where it opens the sentence or a clause ("By creating an account, you agree to receive …", "Welcome.
    /// By signing up you …", "… to our updates; by registering for an event you …").
    /// </summary>
    private static bool IsMeansOfAnotherVerb(SentenceFacts f, PhraseMatch implied) =>
        implied.TokenStart > 0 && f.Grammar.MeansMarkers.Contains(f.Tokens[implied.TokenStart].LowerSpan)
        && !Punctuated(f, implied.TokenStart, implied.TokenStart);

    /// <summary>The longest exception phrase, built ones included ("unless the feature is" + three words + "turned off").</summary>
    private const int MaxExceptionPhrase = 16;

    /// <summary>How far after a wish or an opt-out the messages it is about may be named ("… calls from us about your support ticket").</summary>
    private const int TransactionalReach = 10;

    private const int MinTitleCapitals = 3;

    /// <summary>How far a title is read on either side of the phrase (a run of capitals longer than this is not a title).</summary>
    private const int MaxTitleTokens = 24;

    /// <summary>
    /// The whole sentence is a short title: every word capitalised or one of the small words a title leaves in lower
    /// case, at least <see cref="MinTitleCapitals"/> capitals, no closing period or exclamation mark, and its training
    /// words are nouns ("1.4 Model Training &amp; Improvement Data" in a table of contents). Not a statement in capitals:
    /// "We Train Our AI on Your Voice Recordings" (a training verb), "YOUR UPLOADS MAY BE USED TO TRAIN OUR AI" (no
    /// small letter at all).
    /// </summary>
    private static bool IsTitleLine(SentenceFacts f)
    {
        var small = f.Grammar.TitleSmallWords;
        var end = f.Sentence.Text.AsSpan().TrimEnd();
        if (small.Words.Count == 0 || f.Tokens.Length > MaxTitleLineTokens || end.EndsWith(".") || end.EndsWith("!")
            || !f.Sentence.Text.AsSpan().ContainsAnyInRange('a', 'z') || !TrainsOnlyAsNoun(f))
        {
            return false;
        }

        var capitals = 0;
        foreach (var token in f.Tokens)
        {
            var first = token.OriginalSpan[0];
            if (char.IsUpper(first))
            {
                capitals++;
            }
            else if (!char.IsDigit(first) && !small.Contains(token.LowerSpan))
            {
                return false;
            }
        }

        return capitals >= MinTitleCapitals;
    }

    /// <summary>
    /// "5.2 Model training and your files.": a sentence that opens with a section number, is no longer than a title,
    /// names its training as a noun, and has no word of use, no subject pronoun and no auxiliary (no verb of its own
    /// that a practice would need: "4.1 We may use your files to train models." and "4.2 Acme uses your files for model
    /// training." state one).
    /// </summary>
    private static bool IsNumberedHeading(SentenceFacts f)
    {
        var text = f.Sentence.Text.AsSpan().Trim();
        var number = text.IndexOfAnyExcept("0123456789.");
        if (number <= 0 || !char.IsAsciiDigit(text[0]) || text[number] != ' ' || f.Tokens.Length > MaxTitleLineTokens || f.Has("ai.useVerbs")
            || !TrainsOnlyAsNoun(f))
        {
            return false;
        }

        var grammar = f.Grammar;
        foreach (var token in f.Tokens)
        {
            var word = token.LowerSpan;
            if (grammar.SubjectPronouns.Contains(word) || grammar.ModalAuxiliaries.Contains(word) || grammar.PassiveAuxiliaries.Contains(word)
                || grammar.PerfectAuxiliaries.Contains(word))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every training or improving word of the sentence is a noun ("Model Training", "AI Improvement"), as in a title.</summary>
    private static bool TrainsOnlyAsNoun(SentenceFacts f) =>
        !f.Find("ai.strongVerbs").Concat(f.Find("ai.weakVerbs")).Any(v => !f.Grammar.NounEndings.EndsAny(f.Tokens[v.TokenEnd - 1].LowerSpan));

    /// <summary>The longest line read as a title: "Model Training &amp; Improvement Data", "Use of Your Content for AI Improvement".</summary>
    private const int MaxTitleLineTokens = 12;

    /// <summary>
    /// The phrase opens with a capital inside the sentence and sits in a run of capitalised words (and the small words
    /// a title leaves in lower case) holding at least <see cref="MinTitleCapitals"/> capitals, which goes on after it
    /// and is a line of its own or a section the sentence refers to.
    /// </summary>
    private static bool InTitle(SentenceFacts f, PhraseMatch phrase)
    {
        var small = f.Grammar.TitleSmallWords;
        if (small.Words.Count == 0 || phrase.TokenStart == 0 || !char.IsUpper(f.Tokens[phrase.TokenStart].OriginalSpan[0]))
        {
            return false;
        }

        bool InRun(int i) => char.IsUpper(f.Tokens[i].OriginalSpan[0]) || small.Contains(f.Tokens[i].LowerSpan);
        var (start, end) = (phrase.TokenStart, phrase.TokenEnd);
        bool Joined(int i) => f.Between(i, i) is var gap && (gap.IsWhiteSpace() || gap.SequenceEqual("-"));
        while (start > 0 && phrase.TokenStart - start < MaxTitleTokens && InRun(start - 1) && Joined(start))
        {
            start--;
        }

        while (end < f.Tokens.Length && end - phrase.TokenEnd < MaxTitleTokens && InRun(end) && Joined(end))
        {
            end++;
        }

        var capitals = 0;
        for (var i = start; i < end; i++)
        {
            capitals += char.IsUpper(f.Tokens[i].OriginalSpan[0]) ? 1 : 0;
        }

        // A heading line of its own, or a section named in a sentence ("… section below"); not the name of the way out
        // itself ("Install the Sample Tracker Opt-out Add-on", "click the Privacy Choices (Opt Out of Sale) link").
        return capitals >= MinTitleCapitals && end > phrase.TokenEnd
            && ((start == 0 && end == f.Tokens.Length) || PhraseSet.StartingBetween(f.Find("optin.sectionReferences"), end, end + 1).Any()
                || LinksWithinDocument(f, phrase));
    }

    /// <summary>"Please visit [Your Choices and Opting Out of Ads](#choices)": the phrase is the text of a link to a place in the same document.</summary>
    private static bool LinksWithinDocument(SentenceFacts f, PhraseMatch phrase)
    {
        var block = f.Sentence.Block;
        if (block.LinkSpans.Count == 0 || block.LinkSpans.Count != block.LinkTargets.Count)
        {
            return false;
        }

        // The links are in source order and do not overlap: the last one starting at or before the phrase.
        var offset = block.Map.ToSource(f.Sentence.PlainStart + f.Tokens[phrase.TokenStart].Start);
        var (lo, hi) = (0, block.LinkSpans.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = block.LinkSpans[mid].Start <= offset ? (mid + 1, hi) : (lo, mid);
        }

        return lo > 0 && offset < block.LinkSpans[lo - 1].End && block.LinkTargets[lo - 1].StartsWith('#');
    }

    /// <summary>A data-use word other than the ones every policy uses ("data", "information", "personal").</summary>
    private static bool NamesSpecificUse(SentenceFacts f) => !DataUsesLieInside(f, "plain.genericTopics");

    /// <summary>The sentence is about marketing of ours, not a newsletter the reader signed up for.</summary>
    private static bool SendsMarketing(SentenceFacts? f) =>
        f is not null && f.Has("optin.marketingTerms") && f.Has("optin.firstParty") && !f.Has("optin.optInProducts") && !AsksConsent(f);

    /// <summary>Every data-use word of the sentence lies inside a non-personal term ("tracking number").</summary>
    private static bool OnlyNonPersonalTopics(SentenceFacts f) => f.Has("ai.nonPersonalData") && DataUsesLieInside(f, "ai.nonPersonalData");

    /// <summary>The longest phrase of a term set that a data-use word may lie inside, in tokens.</summary>
    private const int MaxEnclosingPhrase = 6;

    /// <summary>Every data-use word of the sentence lies inside a phrase of <paramref name="set"/> (true when there is none).</summary>
    private static bool DataUsesLieInside(SentenceFacts f, string set)
    {
        var enclosing = f.Find(set);
        return f.Find("optin.dataUseTerms").TrueForAll(d => LiesInside(d, enclosing, MaxEnclosingPhrase));
    }

    /// <summary>
    /// Whether <paramref name="inner"/> lies within a match of <paramref name="enclosing"/> (sorted by start) that starts at
    /// most <paramref name="reach"/> tokens before it: a bounded search, whatever the sentence's length.
    /// </summary>
    private static bool LiesInside(PhraseMatch inner, List<PhraseMatch> enclosing, int reach) =>
        PhraseSet.StartingBetween(enclosing, inner.TokenStart - reach, inner.TokenStart).Any(e => inner.TokenEnd <= e.TokenEnd);

    /// <summary>
    /// The reader named outside the non-personal terms ("data that cannot identify you" names no data of the reader's)
    /// and outside what the training goes without ("trained only on licensed photos, not on anything you upload").
    /// </summary>
    private static bool ReaderApart(SentenceFacts f)
    {
        var terms = f.Find("ai.nonPersonalData");
        var without = f.Find("ai.withoutData");
        // "…; your personal information is not used": the reader's data named only as left out.
        return f.Find("plain.reader").Exists(r => !LiesInside(r, terms, MaxEnclosingPhrase) && !LiesInside(r, without, MaxEnclosingPhrase) && !RunsOnFrom(without, r)
            && !SubjectOfNegation(f, r.TokenEnd));
    }

    /// <summary>
    /// "Personal information that we use alone or in the aggregate": personal data named with no non-personal qualifier
    /// among the three words before it ("aggregated personal data" stays non-personal), and not as what is left out
    /// ("synthetic datasets …, ensuring that customer personal data is not incorporated": the subject of a negation).
    /// </summary>
    private static bool NamesPersonalDataApart(SentenceFacts f)
    {
        var qualifiers = f.Find("ai.nonPersonalData");
        return f.Find("ai.personalData").Exists(p =>
            !qualifiers.Exists(q => q.TokenEnd <= p.TokenStart && p.TokenStart - q.TokenEnd <= 3) && !SubjectOfNegation(f, p.TokenEnd));
    }

    /// <summary>
    /// The noun phrase that ends before the token is the subject of a negation: the rest of its data words, then only
    /// auxiliaries ("customer personal data is not included", "your personal information will not be used"); not a
    /// relative clause ("personal data that is not anonymised" is used).
    /// </summary>
    private static bool SubjectOfNegation(SentenceFacts f, int next)
    {
        var data = f.Find("ai.dataTerms");
        var grammar = f.Grammar;
        var i = next;
        while (i < f.Tokens.Length && f.Between(i, i).IsWhiteSpace() && data.Exists(d => d.TokenStart <= i && i < d.TokenEnd))
        {
            i++;
        }

        for (var auxiliaries = 0; i < f.Tokens.Length && auxiliaries < NegatedSubjectReach && f.Between(i, i).IsWhiteSpace()
            && IsAuxiliary(grammar, f.Tokens[i], doSupport: false); auxiliaries++)
        {
            i++;
        }

        return i < f.Tokens.Length && f.Between(i, i).IsWhiteSpace() && f.Find("negation").Exists(n => n.TokenStart == i);
    }

    /// <summary>
    /// An auxiliary between a subject (or a relative pronoun) and its negation: "will", "is", "has"; with do-support also
    /// "does" ("recordings, which do not …").
    /// </summary>
    private static bool IsAuxiliary(Grammar grammar, Token token, bool doSupport) =>
        grammar.PassiveAuxiliaries.Contains(token.LowerSpan) || grammar.PerfectAuxiliaries.Contains(token.LowerSpan)
        || grammar.ModalAuxiliaries.Contains(token.LowerSpan) || (doSupport && grammar.SupportAuxiliaries.Contains(token.LowerSpan));

    /// <summary>Auxiliaries between a subject and its negation: "personal data will not be", "it has never been".</summary>
    private const int NegatedSubjectReach = 3;

    /// <summary>
    /// "prohibited", "you may not", "scrapers": the sentence sets rules for others. Not when what is prohibited is us
    /// ("a setting that prohibits us from using your searches to improve our AI" is a way out of our practice).
    /// </summary>
    private static bool IsThirdPartyRule(SentenceFacts f)
    {
        var rules = f.Find("ai.thirdPartyRules");
        if (rules.Count == 0)
        {
            return false;
        }

        var us = f.Find("ai.stopsUs");
        return rules.Exists(r => !us.Exists(u => u.TokenStart <= r.TokenStart && r.TokenEnd <= u.TokenEnd));
    }

    /// <summary>
    /// "If you turn off X, we will stop collecting …", "we won't use … going forward if you opt out", "turning it off
    /// prevents us from using …": the stop phrase, when the sentence also names the reader's action that causes it.
    /// </summary>
    /// <remarks>Asked by both families, and more than once in one sentence: found once per text that has a condition.</remarks>
    private static PhraseMatch? StopsOnOptOut(SentenceFacts f) =>
        f.Has("optin.turnOffCondition") ? (f.Text.StopOnOptOut ??= new StrongBox<PhraseMatch?>(FindStopOnOptOut(f))).Value : null;

    private static PhraseMatch? FindStopOnOptOut(SentenceFacts f)
    {
        // "Opting out won't mean that ads stop appearing": a stop under a negation is no stop.
        foreach (var stop in f.Find("optin.stopsPractice"))
        {
            if (!IsNegatedNear(f, stop.TokenStart))
            {
                return stop;
            }
        }

        return f.Find("ai.stopsUs") is { Count: > 0 } us ? us[0] : null;
    }

    /// <summary>
    /// "opt out of partners' tracking", "partners let you opt out", "Our advertising partners … provide ways to opt out",
    /// "if you do not want your details to appear in lists of third parties": the opt-out is of a third party's
    /// practice (the third party is its object, stands just before it, is the sentence's subject, or is what the wish
    /// is about). A third party elsewhere ("we share it with partners; you can opt out of this") does not count.
    /// </summary>
    private static bool OptsOutOfThirdParty(SentenceFacts f, PhraseMatch trigger)
    {
        var wishEnd = IsWish(f, trigger) ? EnumerationEnd(f, trigger.TokenEnd) : trigger.TokenEnd + 4;
        var ours = f.Find("optin.firstParty");
        return f.Find("optin.thirdPartyOptOut").Exists(t =>
            (t.TokenStart >= trigger.TokenEnd && t.TokenStart <= wishEnd
                // "opt out of sharing information with our advertisers": our partners receive what we share.
                && !ours.Exists(o => o.TokenEnd <= t.TokenStart && t.TokenStart - o.TokenEnd <= 1))
            // "partners let you opt out"; not "if you prefer that we not share it with partners, you may opt out".
            || (t.TokenEnd <= trigger.TokenStart && trigger.TokenStart - t.TokenEnd <= 3 && !f.Between(t.TokenEnd, trigger.TokenStart).Contains(','))
            // "Partners may opt you out"; not "We and our partners may use …, and you can opt out".
            || (t.TokenStart <= 3 && !ours.Exists(o => o.TokenEnd <= t.TokenStart - 2))
            // "read about these partners' use of data and opt out of their identifiers": the possessive after the opt-out
            // points back to the third party (not "opt out of their data being used", the people's own data).
            || (t.TokenEnd <= trigger.TokenStart && OwnedByThem(f, trigger) && !PhraseSet.StartingBetween(ours, t.TokenEnd, trigger.TokenStart - 1).Any())
            // "opt out of some interest-based advertising served by mobile advertising networks": the advertising the
            // opt-out is of is theirs, its agent named further on in the clause (not "served by our partners").
            || (t.TokenStart > trigger.TokenEnd && t.TokenStart <= ClauseEnd(f, trigger.TokenEnd) && ServedBy(f, t)
                && !PhraseSet.StartingBetween(ours, t.TokenStart - AgentReach, t.TokenStart - 1).Any()));
    }

    /// <summary>How far before a third party its agent marker may stand ("by mobile advertising networks").</summary>
    private const int AgentReach = 2;

    /// <summary>An agent marker ("by") stands just before the third party, past one modifier at most.</summary>
    private static bool ServedBy(SentenceFacts f, PhraseMatch party)
    {
        for (var i = Math.Max(0, party.TokenStart - AgentReach); i < party.TokenStart; i++)
        {
            if (f.Grammar.AgentMarkers.Contains(f.Tokens[i].LowerSpan))
            {
                return !Punctuated(f, i + 1, party.TokenStart);
            }
        }

        return false;
    }

    private static bool OwnedByThem(SentenceFacts f, PhraseMatch trigger) =>
        StartsAt(f.Find("optin.theirs"), trigger.TokenEnd) && !StartsAt(f.Find("ai.dataTerms"), trigger.TokenEnd + 1);

    /// <summary>
    /// "Right to restriction: Limit how your data is processed by us" (or "Right to restriction — Limit …"): the label of an entry of a list of legal rights and what
    /// the right lets one ask. Not when the entry goes on to offer something of a named use ("Right to object: you may
    /// object to our marketing at any time").
    /// </summary>
    private static bool IsRightsLabel(SentenceFacts f)
    {
        if (!StartsAt(f.Find("optin.rightsLabels"), 0))
        {
            return false;
        }

        // The label ends at a colon or a dash ("Right to restrict processing — Limit how we use it").
        var after = LabelEnd(f, MaxRightsLabel);
        if (after < 0)
        {
            return false;
        }

        // "Right to object: you may object whenever we process your personal data" offers nothing more than the right:
        // an offer names a use of its own ("… to marketing emails sent to your inbox").
        return !(StartsAt(f.Find("plain.reader"), after) || StartsAt(f.Find("optin.firstParty"), after)) || !NamesSpecificUse(f);
    }

    /// <summary>The most words the label of a rights-list entry may have before its colon or dash.</summary>
    private const int MaxRightsLabel = 12;

    /// <summary>
    /// "Right to object: …", "**Weekly deals email** — the unsubscribe link": the first token after the colon or dash that
    /// ends a label of at most <paramref name="maxWords"/> words at the start of the sentence, or -1 (a hyphen inside a
    /// word, "e-mail", ends nothing).
    /// </summary>
    private static int LabelEnd(SentenceFacts f, int maxWords)
    {
        var text = f.Sentence.Text;
        for (var i = 1; i < f.Tokens.Length && i <= maxWords; i++)
        {
            var gap = text.AsSpan(f.Tokens[i - 1].End, f.Tokens[i].Start - f.Tokens[i - 1].End);
            if (gap.IndexOfAny("\u2014\u2013:") >= 0 || gap.IndexOf(" - ", StringComparison.Ordinal) >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The token before which the next comma falls, from <paramref name="from"/> on (the end of a leading clause).</summary>
    private static int ClauseEnd(SentenceFacts f, int from)
    {
        var end = from;
        while (end < f.Tokens.Length && !f.Between(end, end).Contains(','))
        {
            end++;
        }

        return end;
    }

    /// <summary>How many words an item of an enumeration may have ("emails" in "letters, emails, or calls").</summary>
    private const int EnumerationItemReach = 3;

    /// <summary>
    /// The end of the clause from <paramref name="from"/>, passing over the commas of an enumeration: "If you no longer
    /// wish to receive letters, emails, or other messages from third parties, contact them" ends after "third parties".
    /// A comma is passed when "and" or "or" follows it, or when a short item follows it and another comma ends the item.
    /// </summary>
    private static int EnumerationEnd(SentenceFacts f, int from)
    {
        // ClauseEnd gives the first word after the comma.
        var end = ClauseEnd(f, from);
        while (end < f.Tokens.Length)
        {
            var next = ClauseEnd(f, end + 1);
            if (!f.Grammar.Coordinators.Contains(f.Tokens[end].LowerSpan) && !(next - end <= EnumerationItemReach && next < f.Tokens.Length))
            {
                break;
            }

            end = next;
        }

        return end;
    }

    /// <summary>
    /// "- Opt out of the sale of their data;" after "Residents have the right to:": a list entry that opens with the bare
    /// verb continues its lead-in (usually a list of rights); the way out, if any, is told by a sentence of its own or
    /// after a colon ("- Opt out of analytics: turn it off in your settings"). Not when it names marketing or advertising
    /// ("- Opt out of our marketing emails.", "- Opt out of the sharing of your data for targeted advertising"): what we
    /// send or share unless the reader says no.
    /// </summary>
    private static bool IsBareListEntry(SentenceFacts f, PhraseMatch trigger) =>
        trigger.TokenStart == 0 && (f.Sentence.Block.Kind == Parsing.BlockKind.ListItem || f.Sentence.Text.AsSpan().TrimStart().StartsWith("\u2022"))
        && !f.Has("optin.marketingTerms")
        && !IsWish(f, trigger)
        && !f.Grammar.PurposeOpeners.Contains(f.Tokens[0].LowerSpan) && !f.Find("plain.reader").Exists(r => r.TokenStart == 0)
        && !f.Grammar.OfferOpeners.Contains(f.Tokens[0].LowerSpan) && !f.Sentence.Text.Contains(':');

    /// <summary>
    /// "- Opt out of marketing emails", "- Unsubscribe from newsletters", "- **Email:** opt out of promotional emails": a list
    /// entry that opens with a way out of a use people switch off, named in the same clause, offers the reader that way
    /// out as "you can" would, though it says no more of how. Not the sale or sharing of data ("- Opt out of the sale of
    /// your data" labels a right), an entry of a list or section of rights ("you may be able to request these privacy
    /// rights:", "## Your rights"), a partner's tool or a device's own controls.
    /// </summary>
    private static bool OpensEntryWithWayOut(SentenceFacts f, PhraseMatch wayOut, Surroundings around)
    {
        if (f.Sentence.Block.Kind != Parsing.BlockKind.ListItem || !StartsSentence(f, wayOut.TokenStart)
            || f.Has("optin.rightsStatements") || f.Has("optin.thirdPartyOptOut") || f.Has("optin.thirdPartyTools") || f.Has("optin.deviceControls")
            || (ColonLeadIn(around.LeadIn) is { } lead && (lead.Has("optin.rightsStatements") || NamesRight(f.Grammar, lead.Tokens)))
            || around.InRightsSection?.Invoke() == true)
        {
            return false;
        }

        var end = ClauseEnd(f, wayOut.TokenEnd);
        return !NamesRightsUse(f, wayOut.TokenEnd, end)
            && f.Find("optin.controlledUses").Concat(f.Find("optin.marketingTerms")).Any(u => u.TokenStart >= wayOut.TokenEnd && u.TokenEnd <= end);
    }

    /// <summary>Words that name a right ("Your rights", "you may be able to request these privacy rights:").</summary>
    private static bool NamesRight(Grammar grammar, Token[] words) => Array.Exists(words, w => grammar.RightNouns.Contains(w.LowerSpan));

    /// <summary>A heading that names a right ("## Your rights", "7. Your privacy rights"): its list entries label rights.</summary>
    internal static bool IsRightsHeading(TermPack terms, string title) => NamesRight(terms.Grammar, Tokenizer.Tokenize(title));

    /// <summary>A use a legal right names ("sale", "sharing", "profiling") among the tokens from <paramref name="from"/> to <paramref name="end"/>.</summary>
    private static bool NamesRightsUse(SentenceFacts f, int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            if (f.Grammar.RightsUses.Contains(f.Tokens[i].LowerSpan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "This may limit the extent to which these rights apply to you", "- Limit how we process your data (a right's label)":
    /// a limit is a way out only when the reader, or the people the policy speaks to, set it, named a few words before it
    /// in the same clause ("you can limit how we use …", "you can choose (or limit) to what extent we use …", "visitors
    /// can limit how we share …").
    /// </summary>
    private static bool LimitsWithoutReader(SentenceFacts f, PhraseMatch trigger) =>
        f.Find("optin.readerLimits").Exists(l => l.TokenStart == trigger.TokenStart)
        && !PhraseSet.StartingBetween(f.Find("plain.reader"), trigger.TokenStart - ReaderLimitReach, trigger.TokenStart - 1)
            .Concat(PhraseSet.StartingBetween(f.Find("carveout.personNouns"), trigger.TokenStart - ReaderLimitReach, trigger.TokenStart - 1))
            .Any(r => !BreaksClause(f, r.TokenEnd, trigger.TokenStart));

    /// <summary>How far before a limit its reader may be named ("you can choose (or limit)" is four words).</summary>
    private const int ReaderLimitReach = 5;

    /// <summary>
    /// "You can: - opt out of telemetry at any time": a list entry whose lead-in ends in what the reader can or may do
    /// ("you can:", "you may:"), unconditionally (not "Depending on your state's law, you can:", which lists rights) and
    /// not as a right ("You have the right to:").
    /// </summary>
    private static bool OfferedEntry(SentenceFacts f, Func<IReadOnlyList<SentenceFacts>>? leadIn)
    {
        if (f.Sentence.Block.Kind != Parsing.BlockKind.ListItem || ColonLeadIn(leadIn) is not { } last || last.Has("optin.rightsStatements"))
        {
            return false;
        }

        var tokens = last.Tokens;
        return tokens.Length >= 2 && !last.Sentence.Text.Contains(',')
            && f.Grammar.OfferOpeners.Contains(tokens[^1].LowerSpan) && last.Find("plain.reader").Exists(r => r.TokenStart == tokens.Length - 2);
    }

    /// <summary>The last sentence of a list's lead-in when it ends in a colon ("You can:", "We never use your data to:").</summary>
    private static SentenceFacts? ColonLeadIn(Func<IReadOnlyList<SentenceFacts>>? leadIn)
    {
        if (leadIn?.Invoke() is not { Count: > 0 } lead)
        {
            return null;
        }

        var last = lead[^1];
        return EndsWithColon(last) && last.Tokens.Length > 0 ? last : null;
    }

    private static bool EndsWithColon(SentenceFacts f) => f.Sentence.Text.AsSpan().TrimEnd().EndsWith(':');

    /// <summary>"you can opt out", "you may also opt out": an offer to the reader, unlike "unless you opt out" (a default).</summary>
    private static bool IsOffer(SentenceFacts f, PhraseMatch trigger) =>
        f.Grammar.OfferOpeners.Contains(f.Tokens[trigger.TokenStart].LowerSpan);

    /// <summary>
    /// "we do not use, share or sell your data to develop, improve or train …": the first verb of the coordinated list
    /// the training verb ends, so that a negation before the list covers it.
    /// </summary>
    private static int VerbListStart(SentenceFacts f, int verbToken)
    {
        var strong = f.Find("ai.strongVerbs");
        var weak = f.Find("ai.weakVerbs");
        var start = verbToken;
        for (var t = verbToken - 1; t >= 0 && verbToken - t <= 8; t--)
        {
            if (f.Grammar.Coordinators.Contains(f.Tokens[t].LowerSpan))
            {
                continue;
            }

            var token = t;
            if ((!strong.Exists(v => v.TokenStart <= token && token < v.TokenEnd) && !weak.Exists(v => v.TokenStart <= token && token < v.TokenEnd))
                || f.Between(t + 1, t + 1).Contains(';'))
            {
                break;
            }

            start = t;
        }

        return start;
    }

    /// <summary>
    /// "We do not use any data we get through your organisation's providers, including …, for training AI": a
    /// negated use verb whose long object runs up to the training verb without a new clause. "Joining does not grant us
    /// or our partners any right to use your stories for AI training", "these terms give us no licence to use …": a use
    /// that a negated grant of a right does not allow.
    /// </summary>
    private static bool NegatesUseFor(SentenceFacts f, int listStart)
    {
        var uses = f.Find("ai.useVerbs");
        if (f.Find("ai.grantsOfRight").Exists(g => IsNegatedGrant(f, g) && uses.Exists(u => u.TokenStart == g.TokenEnd && u.TokenEnd <= listStart
            && listStart - u.TokenEnd <= 40 && !BreaksClause(f, u.TokenEnd, listStart))))
        {
            return true;
        }

        // "you can ask us not to use your data for algorithm training" asks for a way out; it negates no practice.
        var choices = f.Find("optin.optOutWeak");
        foreach (var negation in f.Find("negation"))
        {
            if (LiesInside(negation, choices, MaxEnclosingPhrase))
            {
                continue;
            }

            foreach (var use in PhraseSet.StartingBetween(uses, negation.TokenEnd, negation.TokenEnd + 2))
            {
                if (use.TokenEnd <= listStart && listStart - use.TokenEnd <= 40 && !BreaksClause(f, use.TokenEnd, listStart))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"does not grant … any right to", "gives us no licence to": a grant of a right that the sentence denies.</summary>
    private static bool IsNegatedGrant(SentenceFacts f, PhraseMatch grant) =>
        IsNegatedNear(f, grant.TokenStart) || f.Find("negation").Exists(n => n.TokenStart >= grant.TokenStart && n.TokenEnd <= grant.TokenEnd);

    /// <summary>"if you do not want …", "if you would rather not …": a wish, not an opt-out by itself.</summary>
    private static bool IsWish(SentenceFacts f, PhraseMatch trigger) => f.Grammar.WishWords.OccursIn(f.TextOf(trigger));

    /// <summary>
    /// "If you do not want your answers used for research, …", "… us to …": the wish is about a data use (one is named
    /// before the wish's comma, or we are in the sentence), not "if you do not want an administrator to manage …".
    /// </summary>
    private static bool WishesAgainstDataUse(SentenceFacts f, PhraseMatch wish)
    {
        // "If you do not want to provide the data we ask for, …" is about the reader's own act, not a use of ours.
        var next = wish.TokenEnd < f.Tokens.Length && f.Grammar.InfinitiveMarkers.Contains(f.Tokens[wish.TokenEnd].LowerSpan) ? wish.TokenEnd + 1 : wish.TokenEnd;
        if (next < f.Tokens.Length && f.Grammar.ReaderSuppliedVerbs.Contains(f.Tokens[next].LowerSpan))
        {
            return false;
        }

        // "If you do not want the app store to see it, you should not sign in with it": the way out is not to use
        // something, not an opt-out.
        if (PhraseSet.StartingBetween(f.Find("optin.abstainRemedies"), wish.TokenEnd, f.Tokens.Length).Any())
        {
            return false;
        }

        if (f.Has("optin.firstParty"))
        {
            return true;
        }

        var end = ClauseEnd(f, wish.TokenEnd);
        return f.Find("optin.dataUseTerms").Exists(d => d.TokenStart >= wish.TokenEnd && d.TokenEnd <= end);
    }

    /// <summary>
    /// "To opt out of this personalisation, contact …", "We send offers by email; to stop receiving them, click
    /// unsubscribe": a purpose that opens the sentence or a clause after a semicolon, then a command.
    /// </summary>
    private static bool OpensWithPurposeThenCommand(SentenceFacts f) =>
        f.Find("optin.optOutWeak").Exists(t => OpensPurpose(f, t)) && f.Sentence.Text.Contains(',');

    /// <summary>The token opens the sentence or a clause after a semicolon ("… are switched on; turn them off in Settings").</summary>
    private static bool OpensClause(SentenceFacts f, int token) => token == 0 || f.Between(token, token).Contains(';');

    /// <summary>
    /// The way out <paramref name="way"/> is the object of a purpose ("to opt out", "To turn it off") that opens the
    /// sentence or a clause after a semicolon, and a comma follows it (what comes after is a command to the reader).
    /// </summary>
    private static bool OpensPurpose(SentenceFacts f, PhraseMatch way)
    {
        // The purpose word is the way's first word ("to opt out") or the word before it ("To turn it off").
        var opener = f.Grammar.PurposeOpeners.Contains(f.Tokens[way.TokenStart].LowerSpan) ? way.TokenStart : way.TokenStart - 1;
        return opener >= 0 && way.TokenEnd > opener + 1 && f.Grammar.PurposeOpeners.Contains(f.Tokens[opener].LowerSpan)
            && OpensClause(f, opener)
            && f.Sentence.Text.AsSpan(f.Tokens[way.TokenEnd - 1].End).Contains(',');
    }

    /// <summary>
    /// The previous sentence, when it states a data use of ours and the opt-out's object is one of its words or
    /// points back to it ("opt out of this"); otherwise null.
    /// </summary>
    private static SentenceFacts? CarriedTopic(SentenceFacts f, List<PhraseMatch> triggers, SentenceFacts? previous)
    {
        if (previous is null || !previous.Has("optin.dataUseTerms") || !previous.Has("optin.firstParty")
            || IsProtective(previous) || AsksConsent(previous) || previous.Has("optin.thirdPartyTools")
            // "Our partners may contact you about their offers. To opt out, …": the partners' practice, not ours.
            || previous.Find("optin.thirdPartyOptOut").Exists(t => t.TokenStart <= 3))
        {
            return null;
        }

        // "Both can be switched off in Settings", "They stop when you unsubscribe": the sentence's subject points back.
        var anaphora = f.Find("optin.anaphora");
        if (StartsAt(anaphora, 0))
        {
            return previous;
        }

        // "We use your listening history to pick shows for you. Show picks are on for every new listener.": a default
        // whose subject echoes a word of the previous sentence is that sentence's practice.
        // "We email you receipts. Autoplay is on by default." names a setting of its own.
        var defaults = f.Find("optin.defaultOn").Concat(f.Find("optin.onForEveryone")).ToList();
        if (triggers.Exists(t => defaults.Contains(t) && SubjectEchoes(f, t.TokenStart, previous)))
        {
            return previous;
        }

        foreach (var trigger in triggers.Where(t => !defaults.Contains(t)))
        {
            // "You can stop this at any time", "You can turn this off in Settings": the trigger itself points back. "To
            // opt out, use the form …": an opt-out with no object of its own before the clause ends is an opt-out of what
            // was just said.
            var next = trigger.TokenEnd;
            if (PhraseSet.StartingBetween(anaphora, trigger.TokenStart + 1, next - 1).Any() || EndsClause(f, next))
            {
                return previous;
            }

            if (next >= f.Tokens.Length)
            {
                continue;
            }

            if (StartsAt(anaphora, next))
            {
                return previous;
            }

            if (f.Grammar.Articles.Contains(f.Tokens[next].LowerSpan) && next + 1 < f.Tokens.Length)
            {
                next++;
            }

            // "… recommend shows. You can turn off recommendations": the same word, or one that grows from it.
            var word = f.Tokens[next].Lower;
            if (word.Length > 3 && Array.Exists(previous.Tokens, t => t.LowerSpan.SequenceEqual(word) || SharesStem(t.LowerSpan, word)))
            {
                return previous;
            }
        }

        return null;
    }

    private const int MinStem = 6;

    /// <summary>The shortest word of a default's subject that may echo the previous sentence ("pick" of "Show picks").</summary>
    private const int MinSubjectWord = 4;

    /// <summary>
    /// The head of the subject before <paramref name="end"/> ("picks" of "Show picks are on for every new listener"), in
    /// the same clause, begins or grows from the verb of <paramref name="previous"/>'s purpose ("to pick new shows"; "Plan
    /// suggestions" after "to suggest plans"). "Player captions" after "bugs in the player" names no purpose.
    /// </summary>
    private static bool SubjectEchoes(SentenceFacts f, int end, SentenceFacts previous)
    {
        // The head of the subject: its last word that is not a common one ("picks" of "Show picks are …").
        var head = end - 1;
        while (head >= 0 && f.CommonWords.Contains(f.Tokens[head].Lower))
        {
            head--;
        }

        if (head < 0 || f.Tokens[head].LowerSpan.Length < MinSubjectWord || (head + 1 < end && EndsClause(f, head + 1)))
        {
            return false;
        }

        // It grows from, or begins, the verb of the previous sentence's purpose ("to pick new shows", "to suggest plans").
        var word = f.Tokens[head].LowerSpan;
        for (var i = 1; i < previous.Tokens.Length; i++)
        {
            var other = previous.Tokens[i].LowerSpan;
            if (previous.Grammar.InfinitiveMarkers.Contains(previous.Tokens[i - 1].LowerSpan) && other.Length >= MinSubjectWord && (other.StartsWith(word) || word.StartsWith(other)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A use of the kind people switch off (ads, analytics, personalisation, marketing …) before the token, in its clause.</summary>
    private static bool NamesControlledUse(SentenceFacts f, int end, bool acrossPunctuation = false) =>
        f.Find("optin.controlledUses").Concat(f.Find("optin.marketingTerms")).Any(u => u.TokenEnd <= end
            && (acrossPunctuation || !f.Between(u.TokenEnd, end).ContainsAny(",;:"))
            // Not "Ad-free listening" or "the summer sale": a use that is absent, or a sale of goods.
            && !(u.TokenEnd < f.Tokens.Length && f.Grammar.AbsenceWords.Contains(f.Tokens[u.TokenEnd].LowerSpan))
            && !(f.Grammar.SaleNouns.Contains(f.Tokens[u.TokenEnd - 1].LowerSpan)
                && !(u.TokenEnd < f.Tokens.Length && f.Grammar.SaleLinks.Contains(f.Tokens[u.TokenEnd].LowerSpan))));

    /// <summary>"we add your email address to a suppression list", "the waiting list": a list that is no mailing list.</summary>
    private static bool OtherList(SentenceFacts f, PhraseMatch t) =>
        f.Has("optin.otherLists") && f.Grammar.ListNouns.Contains(f.Tokens[t.TokenEnd - 1].LowerSpan);

    /// <summary>"recommend" and "recommendations", "personalise" and "personalised": one word begins the other.</summary>
    private static bool SharesStem(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        Math.Min(a.Length, b.Length) >= MinStem && (a.StartsWith(b) || b.StartsWith(a));

    /// <summary>The clause ends right before the token: a comma, a semicolon or the sentence's end.</summary>
    private static bool EndsClause(SentenceFacts f, int next)
    {
        if (next >= f.Tokens.Length)
        {
            return true;
        }

        return f.Between(next, next).IndexOfAny(",;.:") >= 0;
    }

    /// <summary>
    /// "Read the docs …", "Install the add-on …", "Google: Install …": a command speaks to the reader without saying
    /// "you".
    /// </summary>
    internal static bool OpensWithCommand(SentenceFacts f) =>
        f.Find("optin.readerCommands").Exists(c => StartsSentence(f, c.TokenStart));

    /// <summary>
    /// "To leave, go to Profile > Driving and switch it off": the token opens the main clause after a purpose that opens
    /// the sentence (the first comma of the sentence comes right before it).
    /// </summary>
    private static bool FollowsOpeningPurpose(SentenceFacts f, int token) =>
        token > 1 && f.Grammar.PurposeOpeners.Contains(f.Tokens[0].LowerSpan) && f.Between(token, token).Contains(',')
        && !f.Sentence.Text.AsSpan(0, f.Tokens[token - 1].End).Contains(',');

    /// <summary>
    /// Token 0, or the first word after a short label that ends in a colon or a dash ("Analytics: Follow …", "Marketing
    /// emails - Click unsubscribe …"): <see cref="LabelEnd"/> within <see cref="MaxOpeningLabel"/> words.
    /// </summary>
    private static bool StartsSentence(SentenceFacts f, int tokenIndex) =>
        tokenIndex == 0 || (tokenIndex <= MaxOpeningLabel && LabelEnd(f, MaxOpeningLabel) == tokenIndex);

    /// <summary>The longest label, in words, after which a sentence opens again ("Marketing emails - …").</summary>
    private const int MaxOpeningLabel = 6;

    internal readonly record struct Anchor(PhraseMatch Verb, PhraseMatch First, PhraseMatch Second)
    {
        /// <summary>The first token of the anchor's words.</summary>
        public int Start => Math.Min(Verb.TokenStart, Math.Min(First.TokenStart, Second.TokenStart));

        /// <summary>The token after the anchor's words.</summary>
        public int End => Math.Max(Verb.TokenEnd, Math.Max(First.TokenEnd, Second.TokenEnd));
    }

    /// <summary>"turn off model training", "opt out of AI training": an opt-out offer right before a training anchor.</summary>
    private static bool SwitchesOffTraining(SentenceFacts f, Anchor anchor) =>
        f.Find("ai.strongVerbs").Contains(anchor.Verb)
        && f.Find("optin.optOut").Concat(f.Find("optin.optOutWeak")).Any(m =>
            m.TokenEnd <= anchor.First.TokenStart && anchor.First.TokenStart - m.TokenEnd <= 2);

    private const int NegatedLeadInReach = 24;

    /// <summary>
    /// "**We never use your data to:** - Train AI models": an entry of a list whose lead-in ends in a colon that a negation
    /// of its own governs (not one before a contrast: "We do not share your data, except to: - improve our models").
    /// </summary>
    private static bool LedInNegated(Surroundings around) =>
        (ColonLeadIn(around.LeadIn) is { } last && NegatesLeadIn(last, last.Tokens.Length)) || around.UnderNegatingHeading?.Invoke() == true;

    /// <summary>
    /// Whether a negation of the lead-in's own governs the colon before token <paramref name="end"/>: within reach, with
    /// no sentence break or contrast after it ("We do not share your data, except to:" leads in what we do).
    /// </summary>
    private static bool NegatesLeadIn(SentenceFacts f, int end)
    {
        var text = f.Sentence.Text;
        var stop = end < f.Tokens.Length ? f.Tokens[end].Start : text.Length;
        return f.Find("negation").Exists(n => n.TokenEnd <= end && end - n.TokenEnd <= NegatedLeadInReach
            && text.AsSpan(f.Tokens[n.TokenEnd - 1].End, stop - f.Tokens[n.TokenEnd - 1].End).IndexOfAny(';', '.') < 0
            && !f.Find("ai.contrasts").Exists(c => c.TokenStart >= n.TokenEnd && c.TokenStart < end));
    }

    /// <summary>
    /// "We do not sell, share or use customer data for: targeted advertising; data brokerage; …; training general-purpose
    /// AI models": an entry of a list that a negated lead-in opens with a colon, however long the list runs.
    /// </summary>
    private static bool NegatedListEntry(SentenceFacts f, Anchor anchor)
    {
        for (var colon = anchor.Start - 1; colon > 0; colon--)
        {
            var gap = f.Between(colon, colon);
            if (gap.Contains(':'))
            {
                // The lead-in ends at the colon; its negation must be its own, not a clause of its own before.
                return NegatesLeadIn(f, colon);
            }

            if (gap.Contains('.'))
            {
                return false;
            }
        }

        return false;
    }

    private const int TheirReach = 6;

    /// <summary>How many words may follow a way out, as the rest of its noun phrase, before the denial ("Opting out of these marketing messages is not possible").</summary>
    private const int WayOutSubjectReach = 4;

    /// <summary>How far before the training verb another party may stand as its subject ("social networks train …").</summary>
    private const int OtherActorReach = 3;

    /// <summary>
    /// "how social networks train AI on their users' posts", "Other companies train chatbots on people's messages":
    /// another party is the subject of the training verb, just before it, with none of our names before it; or "Hospitals
    /// may build their own predictive models on their patient data": the model is theirs, in a sentence that names neither
    /// us nor the reader ("partners may train their own models on content you share" uses the reader's data).
    /// </summary>
    private static bool ByOthers(SentenceFacts f, Anchor anchor)
    {
        var verb = anchor.Verb.TokenStart;
        var ours = f.Find("optin.firstParty");
        // Not vendors working for us ("Third-party services help us train our models"), nor a sentence where we train
        // as well ("Other services train their models on public pages, and we train ours on your posts").
        var weTrainToo = ours.Exists(o => o.TokenStart >= anchor.End)
            && f.Find("ai.strongVerbs").Concat(f.Find("ai.weakVerbs")).Any(v => v.TokenStart > anchor.End && ours.Exists(o => o.TokenStart >= anchor.End && o.TokenStart < v.TokenStart));
        if (!weTrainToo && PhraseSet.StartingBetween(f.Find("ai.otherActors"), verb - OtherActorReach - 2, verb - 1)
            .Any(a => verb - a.TokenEnd <= OtherActorReach && !f.Between(a.TokenEnd, verb).Contains(',')
                && !ours.Exists(o => o.TokenStart < a.TokenStart || (o.TokenStart >= a.TokenEnd && o.TokenStart <= anchor.Verb.TokenEnd + 1))))
        {
            return true;
        }

        for (var i = anchor.Start; i + 1 < f.Tokens.Length && i < anchor.End; i++)
        {
            if (ours.Count == 0 && !f.Has("plain.reader") && StartsAt(f.Find("optin.theirs"), i) && f.Grammar.OwnWords.Contains(f.Tokens[i + 1].LowerSpan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "Should the bank ever train models on your data, it will not do so without asking", "… but Plumtree has chosen not
    /// to", "… licensed datasets, none of which is collected from your use": a later clause takes the practice back with a
    /// pro-form.
    /// </summary>
    private static bool NegatedLater(SentenceFacts f, Anchor anchor) =>
        f.Find("ai.negatedProforms").Exists(p => p.TokenStart > anchor.Verb.TokenStart
            // "…, but for members in the EU we will not do so without consent" scopes the practice: a carve-out, or a
            // subset left out ("we decided not to use photos of children" negates another verb).
            && !f.CatalogMentions(RegionCatalog.Default).Any(m => m.TokenStart > anchor.Verb.TokenStart && m.TokenEnd <= p.TokenStart)
            && !ForSomeBetween(f, anchor.End, p.TokenStart)
            && (!f.TextOf(p).EndsWith(" to", StringComparison.OrdinalIgnoreCase) || EndsClause(f, p.TokenEnd)));

    /// <summary>"for members", "for users under 16": a group of people named between the two tokens.</summary>
    private static bool ForSomeBetween(SentenceFacts f, int from, int to)
    {
        var people = f.Find("carveout.personNouns");
        for (var i = from; i < to - 1; i++)
        {
            if (f.Grammar.BeneficiaryMarkers.Contains(f.Tokens[i].LowerSpan) && PhraseSet.StartingBetween(people, i + 1, Math.Min(to - 1, i + 3)).Any())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "The vendor may also use your ID to improve its services. This includes conducting machine learning to optimise
    /// their products.": an example that continues another's sentence, without a word for us, and whose training serves
    /// "their" products is that company's practice ("our partners may train their own models on what you share" is not
    /// an example: it names them as ours).
    /// </summary>
    /// <remarks>
    /// So is a sentence about another party from its first word ("Some providers may use your data to improve their
    /// models"); not "Tallyfox's partners may train their own models", partners someone names as theirs.
    /// </remarks>
    private static bool TrainsTheirs(SentenceFacts f, Anchor anchor) =>
        !f.Has("optin.firstParty") && (StartsAt(f.Find("ai.continuations"), 0) || OpensWithOthers(f))
        && PhraseSet.StartingBetween(f.Find("optin.theirs"), anchor.Start, anchor.End + TheirReach).Any();

    /// <summary>The sentence opens with another party: "Third parties …", "Some providers …", "Certain advertisers …".</summary>
    private static bool OpensWithOthers(SentenceFacts f) =>
        f.Find("optin.thirdPartyOptOut").Exists(o => o.TokenStart == 0
            || (o.TokenStart == 1 && f.Grammar.Quantifiers.Contains(f.Tokens[0].LowerSpan) && f.Between(1, 1).IsWhiteSpace()));

    /// <summary>"train image-classification and tagging models": a bare plural model word a few words after the verb.</summary>
    private const int PluralModelReach = 5;

    /// <summary>
    /// A model word opens within a few words, without punctuation, determiner or preposition between
    /// ("image-recognition models", "image classification and tagging models").
    /// </summary>
    private static bool ModelFollows(SentenceFacts f, int from) =>
        PhraseSet.StartingBetween(f.Find("ai.genericTerms"), from, from + PluralModelReach - 1)
            .Concat(PhraseSet.StartingBetween(f.Find("ai.specificTerms"), from, from + PluralModelReach - 1)).Any(m =>
            !Punctuated(f, from, m.TokenStart) && !PhraseSet.StartingBetween(f.Find("ai.determiners"), from, m.TokenStart - 1).Any()
            // Not "training data for our models", "training data used in any AI": a preposition starts another phrase.
            && !Enumerable.Range(from, m.TokenStart - from).Any(i => f.Grammar.ObjectClosers.Contains(f.Tokens[i].LowerSpan)));

    /// <summary>Punctuation other than hyphens between the two tokens (dashes count: "Opt-in — by creating an account …").</summary>
    private static bool Punctuated(SentenceFacts f, int fromTokenEnd, int toTokenStart) =>
        f.Between(fromTokenEnd, toTokenStart).IndexOfAny(",;:.()—–") >= 0;

    /// <summary>
    /// "We build our ranking models without using your personal data", "trained without access to your recordings":
    /// every data word of the sentence is what the training goes without.
    /// </summary>
    private static bool OnlyDataLeftOut(SentenceFacts f)
    {
        var without = f.Find("ai.withoutData");
        if (without.Count == 0 || !f.Has("ai.dataTerms"))
        {
            return false;
        }

        // Data words run on from the phrase ("without using your personal data") or from each other.
        var reach = -1;
        foreach (var data in f.Find("ai.dataTerms"))
        {
            var follows = (reach >= 0 && data.TokenStart - reach <= 1) || RunsOnFrom(without, data);
            if (!follows)
            {
                return false;
            }

            reach = data.TokenEnd;
        }

        return true;
    }

    /// <summary>How far before a word a phrase of what the training goes without may start.</summary>
    private const int MaxWithoutPhrase = 8;

    /// <summary>
    /// <paramref name="word"/> runs on from a phrase of what the training goes without ("without using your personal
    /// data", "not on anything you upload"), one other word at most between them.
    /// </summary>
    private static bool RunsOnFrom(List<PhraseMatch> without, PhraseMatch word) =>
        PhraseSet.StartingBetween(without, word.TokenStart - MaxWithoutPhrase, word.TokenStart - 1)
            .Any(w => w.TokenEnd <= word.TokenStart && word.TokenStart - w.TokenEnd <= 1);

    /// <summary>The anchor's model word is a model ("AI models"), not a feature or tool ("AI tools").</summary>
    private static bool NamesModel(SentenceFacts f, Anchor anchor)
    {
        var model = anchor.First.Equals(anchor.Verb) ? anchor.Second : anchor.First;
        // "our AI algorithms": the model word may be the next term of the same compound.
        return f.Find("ai.specificTerms").Concat(f.Find("ai.genericTerms")).Any(m =>
            (m.TokenStart == model.TokenStart || m.TokenStart == model.TokenEnd) && f.Grammar.ModelStems.StartsAny(f.Tokens[m.TokenEnd - 1].LowerSpan));
    }

    /// <summary>
    /// "you create", "you train", "customers can train custom models", "you create and refine AI models": the reader (or
    /// the customers the service is for) is the verb's subject, with a modal between at most. A possessive data word that
    /// opens there ("your training data") makes the reader no subject, but a data phrase that holds the verb ("content
    /// you create") does not.
    /// </summary>
    private static bool IsReadersAct(SentenceFacts f, PhraseMatch verb, List<PhraseMatch> reader, List<PhraseMatch> possessives)
    {
        // "you create and refine AI models": a verb coordinated after the reader's verb has the same subject.
        var start = verb.TokenStart;
        if (start > 1 && f.Grammar.Coordinators.Contains(f.Tokens[start - 1].LowerSpan)
            && f.Between(start - 1, start - 1).IsWhiteSpace() && f.Between(start, start).IsWhiteSpace()
            && (StartsAt(f.Find("ai.weakVerbs"), start - 2) || StartsAt(f.Find("ai.strongVerbs"), start - 2)))
        {
            start -= 2;
        }

        // "a platform that enables users to build AI models": the one let act is the subject, after "to" too (not "data
        // about you to train", where no one is let).
        bool Let(PhraseMatch r) => f.Grammar.InfinitiveMarkers.Contains(f.Tokens[r.TokenEnd].LowerSpan)
            && r.TokenStart > 0 && f.Grammar.EnablingVerbs.Contains(f.Tokens[r.TokenStart - 1].LowerSpan);
        return PhraseSet.StartingBetween(reader, start - 4, start - 1).Any(r =>
            (r.TokenEnd == start || (r.TokenEnd == start - 1 && (IsModal(f, r.TokenEnd) || Let(r))))
            && !PhraseSet.StartingBetween(possessives, r.TokenStart, r.TokenStart).Any(p => p.TokenEnd <= start));
    }

    /// <summary>"can", "may" (the offer openers that are not the reader).</summary>
    private static bool IsModal(SentenceFacts f, int token) =>
        f.Grammar.OfferOpeners.Contains(f.Tokens[token].LowerSpan) && !StartsAt(f.Find("plain.reader"), token);

    /// <summary>
    /// "training data you upload to our service to train models": the training is the purpose of the reader's own act
    /// (the reader supplies data, then "to train" follows within a few words; not when a use comes first, as in "we use
    /// the photos you upload … to train", nor with "us" just before).
    /// </summary>
    private static bool IsReadersPurpose(SentenceFacts f, PhraseMatch verb, List<PhraseMatch> reader, int firstOurUse)
    {
        if (verb.TokenStart == 0 || !f.Grammar.InfinitiveMarkers.Contains(f.Tokens[verb.TokenStart - 1].LowerSpan))
        {
            return false;
        }

        if (firstOurUse < verb.TokenStart)
        {
            return false;
        }

        var ours = f.Find("optin.firstParty");
        return PhraseSet.StartingBetween(reader, verb.TokenStart - 10, verb.TokenStart - 2).Any(r => r.TokenEnd < verb.TokenStart
            && verb.TokenStart - r.TokenEnd <= 8
            && (f.Grammar.ReaderSuppliedVerbs.Contains(f.Tokens[r.TokenEnd].LowerSpan)
                || (IsModal(f, r.TokenEnd) && r.TokenEnd + 1 < verb.TokenStart && f.Grammar.ReaderSuppliedVerbs.Contains(f.Tokens[r.TokenEnd + 1].LowerSpan)))
            && !PhraseSet.StartingBetween(ours, verb.TokenStart - 3, verb.TokenStart - 1).Any(o => verb.TokenStart - o.TokenEnd <= 1));
    }

    /// <summary>"to build your AI products": the reader's AI, not ours.</summary>
    private static bool IsReadersOwn(PhraseMatch model, List<PhraseMatch> reader) =>
        PhraseSet.StartingBetween(reader, model.TokenStart - 3, model.TokenStart - 1).Any(r => r.TokenEnd == model.TokenStart);

    /// <summary>
    /// The anchor after the first contrast ("except", "however", "but") that follows a negated one, when no negation
    /// stands between the contrast and it. Only the first contrast is tried, so a long sentence costs one more search.
    /// </summary>
    private static Anchor? TrainsAfterContrast(SentenceFacts f, Anchor negated)
    {
        var contrast = PhraseSet.StartingBetween(f.Find("ai.contrasts"), negated.End, f.Tokens.Length).FirstOrDefault();
        if (contrast.TokenEnd == 0)
        {
            return null;
        }

        // "We do not use your direct messages to train our AI, but public posts may be used for that purpose": other data
        // put to the same purpose, named by pointing back at it (not "… except where you choose to send us one and
        // confirm that we may use it for that purpose", where the reader acts first).
        if (FindTrainingAnchor(f, contrast.TokenEnd) is not { } other)
        {
            var back = PhraseSet.StartingBetween(f.Find("ai.purposeBackReferences"), contrast.TokenEnd, f.Tokens.Length).FirstOrDefault();
            var data = back.TokenEnd > 0 ? PhraseSet.StartingBetween(f.Find("ai.dataTerms"), contrast.TokenEnd, back.TokenStart - 1).ToList() : [];
            var readerActs = PhraseSet.StartingBetween(f.Find("plain.reader"), contrast.TokenEnd, back.TokenStart - 1).Any(r => !data.Exists(d => d.TokenStart == r.TokenStart));
            return data.Count > 0 && !readerActs && !PhraseSet.StartingBetween(f.Find("negation"), contrast.TokenStart, back.TokenStart - 1).Any()
                ? negated
                : null;
        }

        return PhraseSet.StartingBetween(f.Find("negation"), contrast.TokenStart, other.Start - 1).Any() ? null : other;
    }

    /// <summary>How far before a training anchor a negation is looked for when a contrast may end its clause.</summary>
    private const int ContrastNegationReach = 30;

    /// <summary>
    /// "We don't use your messages for advertising, but we do use them to train our spam models": the negation belongs to
    /// a clause that a contrast ends before the anchor (not "We will not, however, use …", where the contrast is set off
    /// right after the negation, and not when a negation follows the contrast).
    /// </summary>
    private static bool NegationEndsAtContrast(SentenceFacts f, Anchor anchor)
    {
        var start = anchor.Start;
        var negation = PhraseSet.StartingBetween(f.Find("negation"), start - ContrastNegationReach, start - 1).LastOrDefault(n => n.TokenEnd <= start);
        if (negation.TokenEnd == 0)
        {
            return false;
        }

        return PhraseSet.StartingBetween(f.Find("ai.contrasts"), negation.TokenEnd + 2, start - 1).Any(c =>
            c.TokenEnd <= start && !PhraseSet.StartingBetween(f.Find("negation"), c.TokenStart, start - 1).Any());
    }

    /// <summary>"No part of your record is ever used by our AI tools for training", "Nothing you upload …": the sentence opens negated, up to a contrast.</summary>
    private static bool OpensNegated(SentenceFacts f, Anchor anchor)
    {
        if (!StartsAt(f.Find("ai.negativeOpeners"), 0))
        {
            return false;
        }

        return !PhraseSet.StartingBetween(f.Find("ai.contrasts"), 1, anchor.Start - 1).Any();
    }

    /// <summary>The longest phrase of people being trained ("training for our employees"), in tokens.</summary>
    private const int MaxStaffPhrase = 4;

    /// <summary>How far after a training verb "including" or "such as" may introduce the model it improves.</summary>
    private const int InclusionReach = 10;

    /// <summary>The sentence's first training anchor, found once for both families.</summary>
    private static Anchor? TrainingAnchor(SentenceFacts f) =>
        (f.Text.TrainingAnchor ??= new StrongBox<Anchor?>(FindTrainingAnchor(f, 0))).Value;

    private static Anchor? FindTrainingAnchor(SentenceFacts f, int from)
    {
        // "content that you create with the AI": the reader's own act, not a use of the reader's data (a possessive such
        // as "your training data" is a data word, not the verb's subject).
        var actors = f.Find("ai.customerActors");
        var reader = actors.Count == 0 ? f.Find("plain.reader") : f.Find("plain.reader").Concat(actors).OrderBy(m => m.TokenStart).ToList();
        var possessives = f.Find("ai.dataTerms");
        // "training files you upload": a training word right before a data word names the data, not the act.
        // "You can use our API to fine-tune models": the reader's own use does not count as ours (the first use of the
        // sentence that is not the reader's, found once).
        var firstOurUse = f.Find("ai.useVerbs").Where(u => !IsReadersAct(f, u, reader, possessives)).Select(u => u.TokenStart).DefaultIfEmpty(int.MaxValue).First();
        // "We give our staff training on the use of AI tools": people trained, not models.
        var staff = f.Find("ai.staffTraining");
        // "models trained before the deletion are not changed": training already done, not a use of the data now.
        var past = f.Find("ai.pastTraining");
        var strong = f.Find("ai.strongVerbs").Where(v => v.TokenStart >= from && !InName(f, v) && !IsReadersAct(f, v, reader, possessives)
            && !LiesInside(v, staff, MaxStaffPhrase) && !LiesInside(v, past, MaxEnclosingPhrase) && !IsReadersPurpose(f, v, reader, firstOurUse) && !InSettingsPath(f, v) && !TrainedByOthers(f, v)
            && !(StartsAt(possessives, v.TokenEnd) && f.Between(v.TokenEnd, v.TokenEnd).IsWhiteSpace()
                && (v.TokenStart == 0 || !f.Grammar.InfinitiveMarkers.Contains(f.Tokens[v.TokenStart - 1].LowerSpan))
                // "training image-recognition models": the data word is the model's modifier.
                && !ModelFollows(f, v.TokenEnd + 1))).ToList();
        // "We have developed chatbots that answer questions": what was made, not a use of anyone's data. "… with our data
        // partners to foster their development of new technologies, including AI": another party's development (not
        // "creators' videos … support their improvement of our recommendation models").
        var weak = f.Find("ai.weakVerbs").Where(v => v.TokenStart >= from && !IsReadersAct(f, v, reader, possessives) && !IsReadersPurpose(f, v, reader, firstOurUse)
            && !(v.TokenStart > 0 && (f.Grammar.PerfectAuxiliaries.Contains(f.Tokens[v.TokenStart - 1].LowerSpan)
                || (StartsAt(f.Find("optin.theirs"), v.TokenStart - 1) && TheirsNamedBefore(f, v))))
            && !InSettingsPath(f, v)).ToList();
        if (TrainsSystem(f, strong) is { } system)
        {
            return system;
        }

        // "Your ratings are used as training data for our tagging system", "may become part of the training set": data
        // that becomes training data trains a model, whichever it is.
        if (f.Find("ai.trainingData").FirstOrDefault(t => t.TokenStart >= from && !IsReadersAct(f, t, reader, possessives)) is { TokenEnd: > 0 } becomes)
        {
            return new Anchor(becomes, becomes, becomes);
        }

        // "We may use the content you post for training", "use the Content for further development and training": content
        // the reader made, used for training as a purpose of its own, trains a model even when none is named.
        if (ContentUsedForTraining(f, strong, reader, possessives, from) is { } purpose)
        {
            return purpose;
        }

        // "helps our models learn how to answer", "machine-learning research": the verb and the model in one phrase.
        if (f.Find("ai.learningPhrases").FirstOrDefault(t => t.TokenStart >= from && !IsReadersAct(f, t, reader, possessives)) is { TokenEnd: > 0 } learns)
        {
            return new Anchor(learns, learns, learns);
        }

        // "creating AI-generated flashcards": what an AI produced is output, not a model being made better.
        var outputs = f.Find("ai.outputWords");
        // "… train and generate Customer Derivative Models", "your custom models": a model named as the customer's is
        // not ours, as "your AI products" is not; another model of the sentence may still be ("… creation of Customer
        // Models; and improvement of our models").
        var customers = f.Find("ai.customersModels");
        bool Customers(PhraseMatch m) => customers.Exists(c => c.TokenStart <= m.TokenStart && m.TokenStart < c.TokenEnd);
        var specific = f.Find("ai.specificTerms").Where(m => !IsReadersOwn(m, reader) && !StartsAt(outputs, m.TokenEnd) && !Customers(m)).ToList();
        var generic = customers.Count == 0 ? f.Find("ai.genericTerms") : f.Find("ai.genericTerms").Where(m => !Customers(m)).ToList();
        if ((strong.Count == 0 && weak.Count == 0) || (specific.Count == 0 && generic.Count == 0))
        {
            // Every anchor below pairs a training verb with a model word.
            return null;
        }

        var grammar = f.Grammar;
        var determined = generic.Where(g => HasDeterminer(f, g.TokenStart)
            || strong.Any(v => g.TokenStart >= v.TokenEnd && g.TokenStart - v.TokenEnd <= PluralModelReach
                && grammar.ModelPlurals.Contains(f.Tokens[g.TokenStart].LowerSpan) && !Punctuated(f, v.TokenEnd, g.TokenStart))).ToList();

        // "train our models", "use your content to fine-tune language models"; "AI model training"
        foreach (var verb in strong)
        {
            // "a trained model", "a pre-trained computer vision model": a model made before, not training now (whichever
            // of the model phrases that open right after the verb is read).
            var adjective = grammar.VerbAdjectives.Contains(f.Tokens[verb.TokenEnd - 1].LowerSpan)
                && (StartsAt(specific, verb.TokenEnd) || StartsAt(determined, verb.TokenEnd));
            foreach (var models in new[] { specific, determined })
            {
                foreach (var model in PhraseSet.StartingBetween(models, verb.TokenEnd, verb.TokenEnd + VerbToModelWindow))
                {
                    if (!adjective && !BreaksClause(f, verb.TokenEnd, model.TokenStart))
                    {
                        return new Anchor(verb, verb, model);
                    }
                }

                foreach (var model in PhraseSet.StartingBetween(models == specific ? specific : generic, verb.TokenStart - 8, verb.TokenStart - 1))
                {
                    if (model.TokenEnd <= verb.TokenStart && verb.TokenStart - model.TokenEnd <= 2)
                    {
                        return new Anchor(verb, model, verb);
                    }
                }
            }
        }

        // "improve our AI", "develop generative AI features", "improve its models"; "AI development"
        var qualities = f.Find("ai.qualityOf");
        var weakTargets = specific.Concat(determined.Where(g => grammar.ModelStems.StartsAny(f.Tokens[g.TokenStart].LowerSpan))).OrderBy(m => m.TokenStart).ToList();
        var inclusions = f.Find("ai.inclusions");
        foreach (var verb in weak)
        {
            // "development of our products and features, including AI models": a noun's object may run a few words longer.
            // "improve the accuracy of our speech models": the quality improved comes before the model.
            var reach = (grammar.NounEndings.EndsAny(f.Tokens[verb.TokenStart].LowerSpan) ? 8 : 4)
                + PhraseSet.StartingBetween(qualities, verb.TokenEnd, verb.TokenEnd).Select(q => q.TokenEnd - q.TokenStart).FirstOrDefault();
            foreach (var model in PhraseSet.StartingBetween(weakTargets, verb.TokenEnd, verb.TokenEnd + reach))
            {
                if (!BreaksClause(f, verb.TokenEnd, model.TokenStart))
                {
                    return new Anchor(verb, verb, model);
                }
            }

            // "to build and refine our apps and sites, including our machine learning models": an inclusion
            // names the model among the verb's objects, further than its usual reach.
            foreach (var inclusion in PhraseSet.StartingBetween(inclusions, verb.TokenEnd + 1, verb.TokenEnd + InclusionReach))
            {
                // Not "including through the use of AI", "such as with our AI": a tool, not an object.
                if (PhraseSet.StartingBetween(weakTargets, inclusion.TokenEnd, inclusion.TokenEnd + 4).FirstOrDefault() is { TokenEnd: > 0 } included
                    && !BreaksClause(f, verb.TokenEnd, included.TokenStart) && !f.Between(verb.TokenEnd, inclusion.TokenStart).Contains(';')
                    && !Enumerable.Range(inclusion.TokenEnd, included.TokenStart - inclusion.TokenEnd).Any(i => grammar.ObjectClosers.Contains(f.Tokens[i].LowerSpan)))
                {
                    return new Anchor(verb, verb, included);
                }
            }

            // "AI development", "KI-Modelle zu verbessern": the noun form, or an infinitive whose object comes first.
            if (grammar.NounEndings.EndsAny(f.Tokens[verb.TokenStart].LowerSpan)
                || (verb.TokenStart > 0 && grammar.ObjectFirstParticles.Contains(f.Tokens[verb.TokenStart - 1].LowerSpan)))
            {
                foreach (var model in PhraseSet.StartingBetween(weakTargets, verb.TokenStart - 6, verb.TokenStart - 1))
                {
                    if (model.TokenEnd <= verb.TokenStart && verb.TokenStart - model.TokenEnd <= 1)
                    {
                        return new Anchor(verb, model, verb);
                    }
                }

                // "used for model development", "algorithm improvement": a model noun joined to the noun form needs no
                // determiner (it is not "a model" that might be a business's, but the activity of making models).
                if (grammar.NounEndings.EndsAny(f.Tokens[verb.TokenStart].LowerSpan)
                    && PhraseSet.StartingBetween(generic, verb.TokenStart - 2, verb.TokenStart - 1).FirstOrDefault(g =>
                        g.TokenEnd == verb.TokenStart && grammar.ModelStems.StartsAny(f.Tokens[g.TokenStart].LowerSpan)) is { TokenEnd: > 0 } compound)
                {
                    return new Anchor(verb, compound, verb);
                }
            }
        }

        // "Our models are developed and improved using the messages …", "Lumo's generative features are refined with
        // …": the model that opens the sentence is the subject of a passive development verb, and the data follow it in
        // the same clause (not "Our models are improved every month, and your messages stay encrypted").
        List<PhraseMatch> subjects = weak.Count == 0 ? [] : [.. PhraseSet.StartingBetween(weakTargets, 0, PassiveSubjectStart)];
        foreach (var verb in subjects.Count == 0 ? [] : PhraseSet.StartingBetween(weak, 1, PassiveSubjectStart + PassiveSubjectReach + (MaxCoordinatedVerbs * CoordinatedVerbTokens)))
        {
            var auxiliary = PassiveAuxiliaryBefore(f, verb, weak);
            if (auxiliary < 0 || !PhraseSet.StartingBetween(possessives, verb.TokenEnd, verb.TokenEnd + PassiveDataReach).Any(d => !BreaksClause(f, verb.TokenEnd, d.TokenStart)))
            {
                continue;
            }

            foreach (var model in subjects)
            {
                if (auxiliary > model.TokenEnd - 1 && auxiliary - model.TokenEnd <= PassiveSubjectReach && !f.Between(model.TokenEnd, auxiliary).Contains(';'))
                {
                    return new Anchor(verb, model, verb);
                }
            }
        }

        // "AI services may keep and use customer content … for the development and improvement of …"; not
        // "… keep your data even when you opt out of our using it for improvements", which names what was opted out of.
        var uses = f.Find("ai.useVerbs");
        var afterOptOut = f.Find("ai.afterOptOut");
        var verbs = weak.Concat(strong).OrderBy(v => v.TokenStart).ToList();
        // Not "We may use AI tools to analyse support tickets to improve our services", "with the help of AI": the model
        // is the tool of a use, not what keeps and uses the data (the reader's use is not: "when you use our AI
        // assistant, we store your drafts and use them to improve the assistant").
        // Nor "Our AI-powered assistant uses your documents to create client summaries": the subject is the product the AI
        // powers, and what it makes is its output.
        var powered = f.Find("ai.poweredProducts");
        foreach (var model in specific.Where(m => !uses.Exists(u => u.TokenEnd <= m.TokenStart && m.TokenStart - u.TokenEnd <= ToolReach && !IsReadersAct(f, u, reader, possessives))
            && !(m.TokenStart > 0 && grammar.Prepositions.Contains(f.Tokens[m.TokenStart - 1].LowerSpan))
            && !powered.Exists(p => p.TokenStart <= m.TokenStart && m.TokenStart < p.TokenEnd)))
        {
            // Not "If you ask about an AI answer, we use your message to improve our support": the model is in a clause
            // of its own, not the subject of the use.
            foreach (var use in PhraseSet.StartingBetween(uses, model.TokenEnd, model.TokenEnd + 40).Where(u => !BreaksClause(f, model.TokenEnd, u.TokenStart)))
            {
                foreach (var datum in PhraseSet.StartingBetween(possessives, use.TokenEnd, use.TokenEnd + 4))
                {
                    foreach (var verb in PhraseSet.StartingBetween(verbs, datum.TokenEnd, datum.TokenEnd + 12))
                    {
                        if (!IsNegated(f, use.TokenStart) && !afterOptOut.Exists(a => a.TokenStart >= model.TokenEnd && a.TokenEnd <= verb.TokenStart))
                        {
                            return new Anchor(verb, model, verb);
                        }
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// "We may use the content you post for training", "we may use pre-filtered messages for other purposes such as
    /// training": we use what the reader wrote, said or uploaded, with training named as a purpose of its own. Not people
    /// trained ("for training and quality purposes", "for training, so that new agents learn"), a compound ("for training
    /// plans"), data words that are not the reader's content ("your information … for training" may train staff), a use
    /// without us as its actor ("Chat history used for training | Off", "our partners use … for training"), asked about
    /// ("how we use your inputs for training") or in brackets.
    /// </summary>
    private static Anchor? ContentUsedForTraining(SentenceFacts f, List<PhraseMatch> strong, List<PhraseMatch> reader, List<PhraseMatch> possessives, int from)
    {
        // Every purpose ends in one of the sentence's training verbs: most sentences have none to look for.
        var purposes = strong.Count == 0 ? [] : f.Find("ai.trainingPurposes");
        if (purposes.Count == 0)
        {
            return null;
        }

        var contents = f.Find("ai.contentTerms");
        if (contents.Count == 0)
        {
            return null;
        }

        var ours = f.Find("optin.firstParty");
        var uses = f.Find("ai.useVerbs").Where(u => !IsReadersAct(f, u, reader, possessives) && ours.Exists(o => o.TokenEnd <= u.TokenStart
            && u.TokenStart - o.TokenEnd <= UseActorReach && !f.Between(o.TokenEnd, u.TokenStart).ContainsAny(",;:")
            && !f.Grammar.FirstPartyPossessives.Contains(f.Tokens[o.TokenEnd - 1].LowerSpan)
            && (o.TokenStart == 0 || !f.Grammar.EmbeddedQuestionWords.Contains(f.Tokens[o.TokenStart - 1].LowerSpan)))).ToList();
        foreach (var purpose in purposes)
        {
            // The purpose's training word is one of the sentence's training verbs the checks above kept.
            var verb = strong.Find(v => v.TokenStart >= purpose.TokenStart && v.TokenEnd == purpose.TokenEnd);
            if (purpose.TokenStart < from || verb.TokenEnd == 0 || f.InBrackets(purpose) || StartsAt(f.Find("ai.peopleTraining"), purpose.TokenEnd)
                || !EndsPurpose(f, purpose.TokenEnd) || f.Find("ai.trainedPeople").Exists(p => p.TokenStart >= purpose.TokenEnd))
            {
                continue;
            }

            var content = contents.Where(c => c.TokenEnd <= purpose.TokenStart && purpose.TokenStart - c.TokenEnd <= ContentToPurposeReach
                && !f.Between(c.TokenEnd, purpose.TokenStart).Contains(';')).LastOrDefault();
            if (content.TokenEnd > 0 && uses.Exists(u => u.TokenEnd <= purpose.TokenStart && Math.Abs(u.TokenStart - content.TokenStart) <= ContentToPurposeReach
                && !f.Between(Math.Min(u.TokenEnd, content.TokenEnd), purpose.TokenStart).Contains(';')))
            {
                return new Anchor(verb, content, purpose);
            }
        }

        return null;
    }

    /// <summary>
    /// "… for training, and …", "… for training or to …", "… for training so that …", "… such as training our spam
    /// filter": the purpose ends at the token (the sentence ends, or punctuation, a coordinator, an infinitive marker or a
    /// word that closes an object follows) or trains something of ours; "for training plans", "for training records",
    /// "for training new hires" name something else.
    /// </summary>
    private static bool EndsPurpose(SentenceFacts f, int next) =>
        next >= f.Tokens.Length || !f.Between(next, next).IsWhiteSpace()
        || f.Grammar.Coordinators.Contains(f.Tokens[next].LowerSpan) || f.Grammar.InfinitiveMarkers.Contains(f.Tokens[next].LowerSpan)
        || f.Grammar.ObjectClosers.Contains(f.Tokens[next].LowerSpan) || f.Grammar.FirstPartyPossessives.Contains(f.Tokens[next].LowerSpan);

    /// <summary>
    /// A third party is named before the verb ("our data partners … their development"), and what is developed is not
    /// ours ("their improvement of our models").
    /// </summary>
    private static bool TheirsNamedBefore(SentenceFacts f, PhraseMatch verb) =>
        f.Find("optin.thirdPartyOptOut").Exists(t => t.TokenEnd <= verb.TokenStart)
        && !(verb.TokenEnd + 1 < f.Tokens.Length && f.Grammar.Prepositions.Contains(f.Tokens[verb.TokenEnd].LowerSpan)
            && f.Grammar.FirstPartyPossessives.Contains(f.Tokens[verb.TokenEnd + 1].LowerSpan));

    /// <summary>How far the content and the use verb may stand from the purpose: "use the content you and other users have posted for training".</summary>
    private const int ContentToPurposeReach = 16;

    /// <summary>Words between a use verb and the AI it uses as a tool: "use AI", "use our AI tools".</summary>
    private const int ToolReach = 2;

    /// <summary>Words between us and the use verb: "we use", "we may also use", "we will only ever use".</summary>
    private const int UseActorReach = 3;

    private const int MaxPathStep = 4;

    /// <summary>
    /// "switch it off in Settings > Privacy > AI training": a training word inside a settings path names a control, not a
    /// use of anyone's data (the path's steps are joined by "&gt;", "›" or "→").
    /// </summary>
    private static bool InSettingsPath(SentenceFacts f, PhraseMatch verb)
    {
        // A step of its own between words ("Privacy > AI training"), not the end of an HTML tag ("<br>").
        static bool Step(ReadOnlySpan<char> gap) => gap.Trim() is [var c] && (c == '>' || c == '›' || c == '→') && gap.Length > 1;
        static bool Joins(ReadOnlySpan<char> gap) => gap.IsWhiteSpace() || gap.Trim().SequenceEqual("&") || gap.Trim().SequenceEqual("-");
        // The words crossed on the way to a step are the control's name, in capitals ("Help improve Acme AI"); "switch
        // off model training in Settings > Privacy" names training, then the path.
        // Walking away from the verb one gap at a time (backwards the word crossed is the one before the gap).
        bool ReachesStep(int from, int direction)
        {
            for (var (t, crossed) = (from, 0); t > 0 && t < f.Tokens.Length && crossed < MaxPathStep; t += direction, crossed++)
            {
                var gap = f.Between(t, t);
                if (Step(gap))
                {
                    return true;
                }

                if (!Joins(gap) || !char.IsUpper(f.Tokens[direction < 0 ? t - 1 : t].OriginalSpan[0]))
                {
                    return false;
                }
            }

            return false;
        }

        return ReachesStep(verb.TokenStart, -1) || ReachesStep(verb.TokenEnd, 1);
    }

    /// <summary>
    /// "The base model was trained by the provider on its own data": a participle whose agent, after "by" and a
    /// determiner, is someone else (not "trained by us", "trained by the Company", "trained by analysing …").
    /// </summary>
    private static bool TrainedByOthers(SentenceFacts f, PhraseMatch verb)
    {
        var next = verb.TokenEnd;
        if (next + 2 >= f.Tokens.Length || !f.Grammar.VerbAdjectives.Contains(f.Tokens[verb.TokenEnd - 1].LowerSpan)
            || !f.Grammar.AgentMarkers.Contains(f.Tokens[next].LowerSpan) || !f.Between(next + 1, next + 1).IsWhiteSpace())
        {
            return false;
        }

        var agent = next + 1;
        if (!f.Grammar.Articles.Contains(f.Tokens[agent].LowerSpan) && !f.Grammar.AgentDeterminers.Contains(f.Tokens[agent].LowerSpan))
        {
            return false;
        }

        var noun = agent + 1;
        return !f.Find("optin.firstParty").Exists(m => m.TokenStart >= agent && m.TokenStart <= noun)
            && !char.IsUpper(f.Tokens[noun].OriginalSpan[0]);
    }

    /// <summary>
    /// The sentence opens with a quoted term and a defining verb ('1.4 "Inputs" means …', '"Custom Model" refers to …'),
    /// nothing but numbering before it; "includes" lists examples and defines nothing.
    /// </summary>
    private static bool DefinesTerm(SentenceFacts f)
    {
        var text = f.Sentence.Text;
        var patterns = f.Grammar.DefinitionPatterns;
        if (!patterns.MayDefine(text) || !patterns.HasDefiningVerb(text) || patterns.Means.Match(text) is not { Success: true } match)
        {
            return false;
        }

        var verb = match.Groups[2].Index;
        var afterTerm = text.AsSpan(match.Groups[1].Index + match.Groups[1].Length, verb - match.Groups[1].Index - match.Groups[1].Length);
        // "1.3 “Custom Model” means …", "A “Voice Clone” is a model trained on …": only a number or an article before the term.
        var numbering = text.AsSpan(0, match.Index).Trim();
        return (numbering.IsEmpty || patterns.Articles.Contains(numbering.ToString().ToLowerInvariant()) || (!numbering.ContainsAnyInRange('A', 'Z') && !numbering.ContainsAnyInRange('a', 'z'))
                || IsItemLetter(numbering))
            && !NamesExampleVerb(f.Grammar, afterTerm);
    }

    /// <summary>The roman numerals a list item may be numbered with ("(iv)").</summary>
    private static readonly SearchValues<char> RomanDigits = SearchValues.Create("ivxlcIVXLC");

    /// <summary>
    /// A list item's letter or roman numeral, bracketed or followed by a dot: "b.", "(c)", "iv)". Not a bare word that
    /// happens to be spelled with roman digits ("LLC").
    /// </summary>
    private static bool IsItemLetter(ReadOnlySpan<char> numbering)
    {
        var core = numbering.Trim("().");
        return core.Length < numbering.Length
            && (core.Length == 1 ? char.IsAsciiLetter(core[0]) : core.Length is > 1 and <= 5 && !core.ContainsAnyExcept(RomanDigits));
    }

    /// <summary>Whether a word of the text begins with one of the grammar's example verbs ("includes"); runs only on definitions.</summary>
    private static bool NamesExampleVerb(Grammar grammar, ReadOnlySpan<char> text) =>
        text.ToString().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(word => grammar.ExampleVerbStems.StartsAny(word.TrimStart("\"“‘'(".AsSpan())));

    /// <summary>
    /// A training word that is part of a name in title case ("Training Files", "the Fine-Tuning API"): capitalised
    /// inside the sentence and followed by another capitalised word.
    /// </summary>
    private static bool InName(SentenceFacts f, PhraseMatch verb) =>
        verb.TokenStart > 0 && verb.TokenEnd < f.Tokens.Length
        && char.IsUpper(f.Tokens[verb.TokenStart].OriginalSpan[0]) && char.IsUpper(f.Tokens[verb.TokenEnd].OriginalSpan[0]);

    /// <summary>Training as what the reader's opt-out keeps data out of, when the sentence says so; null otherwise.</summary>
    private static Anchor? ExcludedOnOptOut(SentenceFacts f) =>
        f.Find("ai.trainingExclusions") is [var excluded, ..] && StopsOnOptOut(f) is not null ? new Anchor(excluded, excluded, excluded) : null;

    /// <summary>The last token at which a model may open and still be a passive development verb's subject ("Our models …").</summary>
    private const int PassiveSubjectStart = 3;

    /// <summary>How far the auxiliary may follow the model ("Our models, including those behind smart reply, are …").</summary>
    private const int PassiveSubjectReach = 10;

    /// <summary>How many development verbs may be coordinated before the last ("are developed and improved").</summary>
    private const int MaxCoordinatedVerbs = 3;

    /// <summary>The most tokens a coordinated development verb and its coordinator take ("and further refined").</summary>
    private const int CoordinatedVerbTokens = 4;

    /// <summary>How far the data may follow a passive development verb ("… are improved in part using samples of the messages").</summary>
    private const int PassiveDataReach = 12;

    /// <summary>
    /// The token of the passive auxiliary right before <paramref name="verb"/>, or right before the first of a run of
    /// coordinated development verbs ending with it ("are developed and improved"); −1 when there is none.
    /// </summary>
    private static int PassiveAuxiliaryBefore(SentenceFacts f, PhraseMatch verb, List<PhraseMatch> weak)
    {
        var before = verb.TokenStart - 1;
        for (var coordinated = 0; coordinated < MaxCoordinatedVerbs && before > 1 && f.Grammar.Coordinators.Contains(f.Tokens[before].LowerSpan); coordinated++)
        {
            var end = before;
            if (PhraseSet.StartingBetween(weak, end - CoordinatedVerbTokens, end - 1).FirstOrDefault(w => w.TokenEnd == end) is not { TokenEnd: > 0 } previous)
            {
                break;
            }

            before = previous.TokenStart - 1;
        }

        return before >= 0 && f.Grammar.PassiveAuxiliaries.Contains(f.Tokens[before].LowerSpan) ? before : -1;
    }

    /// <summary>
    /// "train our systems to improve the service", "train the features that sort your reports", "unsere Systeme zu
    /// trainieren": a training verb whose object is the service's own system or features.
    /// The object must end there ("train our services team" trains people).
    /// </summary>
    private static Anchor? TrainsSystem(SentenceFacts f, List<PhraseMatch> strong)
    {
        var systems = f.Find("ai.trainableTerms");
        foreach (var verb in strong)
        {
            foreach (var system in PhraseSet.StartingBetween(systems, verb.TokenEnd, verb.TokenEnd))
            {
                if (EndsObject(f, system.TokenEnd))
                {
                    return new Anchor(verb, verb, system);
                }
            }

            // The object first: "unsere Systeme zu trainieren".
            foreach (var system in PhraseSet.StartingBetween(systems, verb.TokenStart - 6, verb.TokenStart - 1))
            {
                var gap = verb.TokenStart - system.TokenEnd;
                if (gap == 0 || (gap == 1 && f.Grammar.ObjectFirstParticles.Contains(f.Tokens[system.TokenEnd].LowerSpan)))
                {
                    return new Anchor(verb, system, verb);
                }
            }
        }

        return null;
    }

    /// <summary>The noun phrase ending before token <paramref name="next"/> ends there: at the sentence's end, a punctuation mark, "and", "or", "to" or another closer ("so", "with").</summary>
    private static bool EndsObject(SentenceFacts f, int next) =>
        next >= f.Tokens.Length
        || !f.Between(next, next).IsWhiteSpace()
        || f.Grammar.Coordinators.Contains(f.Tokens[next].LowerSpan)
        || f.Grammar.InfinitiveMarkers.Contains(f.Tokens[next].LowerSpan)
        || f.Grammar.ObjectClosers.Contains(f.Tokens[next].LowerSpan);

    /// <summary>
    /// "We use the notes you give us to: - Enhance our AI algorithms": a list entry whose lead-in ends in a colon and names
    /// people's data (not "Synthetic data methodology:") continues that data's use; so does one under a short label
    /// ("**To run the service:**") whose own lead-in names the data.
    /// </summary>
    private static bool LeadInNamesData(SentenceFacts f, Func<IReadOnlyList<SentenceFacts>>? leadIn) =>
        f.Sentence.Block.Kind == Parsing.BlockKind.ListItem && ColonLeadIn(leadIn) is { } last
        && (NamesPeoplesData(last)
            || (leadIn!() is [.., var outer, _] && outer.Sentence.Block != last.Sentence.Block && EndsWithColon(outer) && NamesPeoplesData(outer)));

    private static bool NamesPeoplesData(SentenceFacts f) => f.Has("ai.dataTerms") && !f.Has("ai.nonPersonalData");

    /// <summary>
    /// A list entry that continues a lead-in sentence: it starts in lower case (after an enumerator such as "(b)") and
    /// ends as list entries do, with ';' or ',' or a trailing "and"/"or".
    /// </summary>
    private static bool IsPurposeFragment(SentenceFacts f)
    {
        var text = f.Sentence.Text.AsSpan().Trim();

        // "- To train our machine learning models;": a purpose in a list whose lead-in names the data.
        if (f.Sentence.Block.Kind == Parsing.BlockKind.ListItem && OpensWithPurpose(f))
        {
            return true;
        }

        // "(e) Training the matchmaking model, …", "- Fine-tuning our language models.": an enumerated or listed
        // purpose that opens with a training verb (not "Training data you upload …", a noun).
        var enumerated = EnumeratorEnd(f);
        if ((f.Sentence.Block.Kind == Parsing.BlockKind.ListItem || enumerated >= 0) && OpensWithTrainingVerb(f, Math.Max(0, enumerated)))
        {
            return true;
        }

        text = text[LeadingEnumerator(text)..].TrimStart();

        if (text.IsEmpty || !char.IsLower(text[0]))
        {
            return false;
        }

        // "…;", "…,", "… and", "…; or".
        return text.EndsWith(';') || text.EndsWith(',') || EndsWithCoordinator(f, text);
    }

    /// <summary>
    /// A table cell without data words of its own (a model's kind is not data: "| Training our speech-to-text models |")
    /// whose row names the data ("| Your voice notes | … |"). Like a list entry, it trains only with a training verb or a
    /// model as the object: "| For the improvement of AI features |" may be a retention period's or a consent's purpose.
    /// </summary>
    private static bool RowNamesData(SentenceFacts f, Func<IReadOnlyList<SentenceFacts>>? row) =>
        row is not null && !NamesData(f) && row().Any(cell => cell.Has("ai.dataTerms") && !cell.Has("negation"));

    /// <summary>
    /// "| Your drafts | Improving our AI models | Consent |": a row whose lawful basis is consent (not "(b) with your
    /// consent, for sensitive data" among other bases).
    /// </summary>
    private static bool RowAsksConsent(Func<IReadOnlyList<SentenceFacts>>? row) =>
        row is not null && row().Any(OpensWithConsentBasis);

    private static bool OpensWithConsentBasis(SentenceFacts cell) => StartsAt(cell.Find("gate.consentBasis"), 0);

    /// <summary>
    /// The data use another paragraph states for an opt-out that names none. "| Ad measurement | Conversion data shared
    /// with advertisers | Opt out in Settings |": an opt-out cell takes the use another cell of its row names. "Our
    /// customers can limit the sale of their personal information: - Wireless customers can opt out at the Privacy
    /// Choices page": a list entry that offers an opt-out takes the use its lead-in states as ours, or the use of a lead-in
    /// that is itself a default-opt-in clause ("You can limit the sale of your history for targeted ads: - Print
    /// subscribers can opt out on the billing page"). Not when those paragraphs ask consent first or keep the data back by
    /// default.
    /// </summary>
    private static SentenceFacts? SurroundingTopic(SentenceFacts f, Surroundings around)
    {
        var (sentences, ours) = (around.Row, around.LeadIn) switch
        {
            ({ } row, _) => (row(), false),
            (_, { } leadIn) when f.Has("optin.optOut") || f.Has("optin.optOutWeak") => (leadIn(), true),
            _ => ([], false),
        };

        return sentences.Any(s => AsksConsent(s) || OpensWithConsentBasis(s) || IsProtective(s))
            ? null
            : sentences.FirstOrDefault(s => s.Has("optin.dataUseTerms") && (!ours || s.Has("optin.firstParty") || IsOptInAlone(s))
                && !OnlyNonPersonalTopics(s) && !s.Has("optin.thirdPartyTools") && !s.Has("negation"));
    }

    /// <summary>
    /// Whether the sentence is a default-opt-in clause read on its own: asked of a list's lead-in by each of its entries,
    /// so answered once per sentence of an analysis.
    /// </summary>
    private static bool IsOptInAlone(SentenceFacts f) =>
        (f.OptInAlone ??= new StrongBox<bool>(OptIn(f, Surroundings.None, null) is not null)).Value;

    /// <summary>
    /// A heading about the reader's choices: "Your choices", "7. Your privacy choices", "How to opt out" (the words open the
    /// heading; "Getting help: your options" is about something else).
    /// </summary>
    internal static bool IsChoicesHeading(TermPack terms, string title)
    {
        var tokens = Tokenizer.Tokenize(title);
        var opening = tokens.Length > 0 && tokens[0].LowerSpan.IndexOfAnyExcept("0123456789") < 0 ? 1 : 0;
        return terms["optin.choicesHeadings"].FindAll(tokens).Exists(m => m.TokenStart == opening);
    }

    /// <summary>
    /// "We do not", "What we never do", "Things we will not do with your data": a short heading (at most
    /// <see cref="MaxNegatingHeading"/> words) with a negation and no contrast after it ("We do not sell data, except …").
    /// </summary>
    internal static bool IsNegatingHeading(TermPack terms, string title)
    {
        var tokens = Tokenizer.Tokenize(title);
        if (tokens.Length is 0 or > MaxNegatingHeading)
        {
            return false;
        }

        var negations = terms["negation"].FindAll(tokens);
        return negations.Count > 0 && !terms["ai.contrasts"].FindAll(tokens).Exists(c => c.TokenStart >= negations[0].TokenEnd);
    }

    /// <summary>The longest heading read as a negation over its list, in words.</summary>
    private const int MaxNegatingHeading = 8;

    /// <summary>How many words may stand between an opening command and the way out it presses ("Tap the Unsubscribe …").</summary>
    private const int PressedReach = 2;

    /// <summary>The longest label of a choices-list entry before its dash or colon, in tokens.</summary>
    private const int MaxChoiceLabel = 6;

    /// <summary>How many words may open a settings path before its first "&gt;" ("in My account &gt; …").</summary>
    private const int MaxPathSegment = 3;

    /// <summary>
    /// "- **Personalised offers** — Account > Privacy > Personalised offers." under "## Your choices": a list entry of a
    /// section about the reader's choices, with a short label that names a use people switch off, then a dash or a colon,
    /// then where to switch it off (a settings path or the unsubscribe link). Returns the way out, or null. Not a phone's
    /// own settings ("Location — your phone's settings"), what the reader switches on ("off unless you switch it on in
    /// Profile > Messages") or consent asked first.
    /// </summary>
    private static PhraseMatch? ChoicesEntryWay(SentenceFacts f, Surroundings around)
    {
        if (around.InChoicesSection?.Invoke() != true || f.Has("negation") || f.Has("optin.deviceControls") || IsProtective(f) || AsksConsent(f))
        {
            return null;
        }

        var separator = LabelEnd(f, MaxChoiceLabel);

        // The label names a use people switch off ("Personalised offers", "App analytics"), not a piece of data or an act of
        // the reader's own ("Email address", "Download your data").
        if (separator < 0 || !NamesControlledUse(f, separator, acrossPunctuation: true))
        {
            return null;
        }

        // The way out is the unsubscribe link, or the settings path itself: right after the label ("Settings > Ads", "in My
        // account > Ads") or after a way to switch off ("untick Weekly deals under Account > Messages"), not after
        // another act ("Reviews: edit or delete them from My account > Reviews").
        var unsubscribe = f.Find("plain.turnOff").Find(w => w.TokenStart >= separator && f.Grammar.UnsubscribeWords.OccursIn(f.TextOf(w)));
        if (unsubscribe.TokenEnd > 0)
        {
            return unsubscribe;
        }

        var path = f.Sentence.Text.IndexOf(" > ", f.Tokens[separator].Start, StringComparison.Ordinal);
        var before = 0;
        while (path >= 0 && separator + before < f.Tokens.Length && f.Tokens[separator + before].End <= path)
        {
            before++;
        }

        return path >= 0 && (before <= MaxPathSegment || f.Find("optin.readerActions").Exists(a => a.TokenStart >= separator))
            ? new PhraseMatch(separator, f.Tokens.Length, "settings path", null) : null;
    }

    /// <summary>
    /// "The Help improve setting is on by default. It sends us the usage statistics listed above": a default of a named
    /// setting that the next sentence of the paragraph explains, pointing back to it, takes that sentence's data use ("Private
    /// mode is on by default. It stops us from keeping your history." protects).
    /// </summary>
    private static SentenceFacts? ExplainedNext(SentenceFacts f, List<PhraseMatch> triggers, SentenceFacts? next) =>
        next is not null && triggers.Exists(t => f.Find("optin.defaultOn").Contains(t) || f.Find("optin.byDefault").Contains(t) || f.Find("optin.onForEveryone").Contains(t))
        && (StartsAt(next.Find("optin.anaphora"), 0) && next.Has("optin.firstParty") || NamesAgain(next, f) && next.Has("plain.reader"))
        && next.Has("optin.dataUseTerms") && next.Has("optin.dataFlows")
        && !next.Has("negation") && !next.Has("ai.stopsUs") && !IsProtective(next) && !AsksConsent(next) && !OnlyNonPersonalTopics(next)
            ? next : null;

    /// <summary>
    /// "… you are enrolled in Drive Score automatically. Drive Score uses your driving data …": the sentence opens with a
    /// word of <paramref name="before"/> that is not a common word (the name of what was switched on).
    /// </summary>
    private static bool NamesAgain(SentenceFacts f, SentenceFacts before)
    {
        if (f.Tokens.Length == 0 || f.Tokens[0].LowerSpan.Length < MinSubjectWord || f.CommonWords.Contains(f.Tokens[0].Lower))
        {
            return false;
        }

        foreach (var t in before.Tokens)
        {
            if (t.LowerSpan.SequenceEqual(f.Tokens[0].LowerSpan))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsAt(List<PhraseMatch> sorted, int token) => PhraseSet.StartingBetween(sorted, token, token).Any();

    private static bool ContinuesDataUse(SentenceFacts f, Func<SentenceFacts?>? previous) =>
        !f.Has("ai.dataTerms") && StartsAt(f.Find("ai.continuations"), 0)
        && previous?.Invoke() is { } before && before.Has("ai.dataTerms") && !before.Has("negation");

    /// <summary>
    /// The first token after an enumerator that opens the sentence ("(e) Training …", "(ii) to develop …"), or -1.
    /// </summary>
    private static int EnumeratorEnd(SentenceFacts f)
    {
        var text = f.Sentence.Text;
        var start = text.Length - text.AsSpan().TrimStart().Length;
        var length = LeadingEnumerator(text.AsSpan(start));
        if (length == 0)
        {
            return -1;
        }

        var close = start + length - 1;
        return Array.FindIndex(f.Tokens, t => t.Start > close);
    }

    /// <summary>The length of an enumerator that opens <paramref name="text"/> ("(e)", "(ii)", "(12)"), its ")" included; 0 when none does.</summary>
    private static int LeadingEnumerator(ReadOnlySpan<char> text) =>
        text.Length > 3 && text[0] == '(' && text[1..].IndexOf(')') is > 0 and <= 4 and var close ? close + 2 : 0;

    /// <summary>
    /// The sentence opens (at token <paramref name="first"/>, after any enumerator) with a training verb and its model,
    /// or with an improving verb whose object is a model ("- Improve AI model accuracy", "- Train and enhance our AI
    /// models"; not "- Improve AI features" nor "- Build tools for teachers").
    /// </summary>
    private static bool OpensWithTrainingVerb(SentenceFacts f, int first)
    {
        var (strong, weak) = (f.Find("ai.strongVerbs"), f.Find("ai.weakVerbs"));
        var verb = PhraseSet.StartingBetween(strong, first, first).FirstOrDefault();
        var improving = verb.TokenEnd == 0;
        if (improving)
        {
            verb = PhraseSet.StartingBetween(weak, first, first).FirstOrDefault();
            if (verb.TokenEnd == 0)
            {
                return false;
            }
        }

        // "Train and fine-tune models", "Train and enhance our models": the object follows the last of coordinated
        // training or improving verbs (a few at most).
        var end = verb.TokenEnd;
        for (var i = 0; i < 4 && end < f.Tokens.Length && f.Grammar.Coordinators.Contains(f.Tokens[end].LowerSpan); i++)
        {
            var next = PhraseSet.StartingBetween(strong, end + 1, end + 1).Concat(PhraseSet.StartingBetween(weak, end + 1, end + 1)).FirstOrDefault();
            if (next.TokenEnd == 0)
            {
                break;
            }

            end = next.TokenEnd;
        }

        if (improving)
        {
            // An improving verb trains only a model named right after it, past a determiner at most.
            var at = StartsAt(f.Find("ai.determiners"), end) && !StartsAt(f.Find("ai.specificTerms"), end) ? end + 1 : end;
            return f.Find("ai.specificTerms").Concat(f.Find("ai.genericTerms")).Any(m =>
                m.TokenStart == at && f.Grammar.ModelStems.StartsAny(f.Tokens[m.TokenEnd - 1].LowerSpan));
        }

        // "Training the model", "Fine-tuning our models", "Training AI models"; not "Training sessions for staff".
        return !StartsAt(f.Find("ai.dataTerms"), end)
            && (StartsAt(f.Find("ai.determiners"), end) || StartsAt(f.Find("ai.specificTerms"), end) || StartsAt(f.Find("ai.genericTerms"), end));
    }

    /// <summary>
    /// "our models", "the algorithms", "Verilo's matching algorithms": a bare "models" counts only when it is someone's
    /// model (a determiner or a possessive word at most four words before it).
    /// </summary>
    private static bool HasDeterminer(SentenceFacts f, int tokenIndex)
    {
        if (PhraseSet.StartingBetween(f.Find("ai.determiners"), tokenIndex - 6, tokenIndex - 1).Any(d => d.TokenEnd <= tokenIndex && tokenIndex - d.TokenEnd <= 4))
        {
            return true;
        }

        for (var i = Math.Max(0, tokenIndex - 4); i < tokenIndex; i++)
        {
            if (f.Grammar.PossessiveEndings.EndsAny(f.Tokens[i].LowerSpan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"… and", "… or" (a space before the last word, which is a coordinator as written in lower case).</summary>
    private static bool EndsWithCoordinator(SentenceFacts f, ReadOnlySpan<char> text)
    {
        var space = text.LastIndexOf(' ');
        return space >= 0 && f.Grammar.Coordinators.Contains(text[(space + 1)..]);
    }

    /// <summary>"To train our models", "Um unsere Modelle zu trainieren": the text opens with a purpose word and a space.</summary>
    private static bool OpensWithPurpose(SentenceFacts f)
    {
        var text = f.Sentence.Text;
        var lead = text.Length - text.AsSpan().TrimStart().Length;
        // "- Machine learning: To train our risk models;": the purpose may follow a short label and its colon.
        var first = Math.Max(0, LabelEnd(f, MaxEntryLabel));
        return f.Tokens.Length > first && (first > 0 || f.Tokens[0].Start == lead) && f.Tokens[first].End < text.Length && text[f.Tokens[first].End] == ' '
            && f.Grammar.PurposeOpeners.Contains(f.Tokens[first].LowerSpan);
    }

    /// <summary>The most words a list entry's label may have before its colon or dash ("Model training: …").</summary>
    private const int MaxEntryLabel = 3;

    /// <summary>A negation before the token in the same clause: "we will not use your inputs to train".</summary>
    private static bool IsNegated(SentenceFacts f, int tokenIndex) => IsNegated(f, tokenIndex, NegationWindow, followEnumeration: true);

    private static bool IsNegated(SentenceFacts f, int tokenIndex, int window, bool followEnumeration)
    {
        // "If you don't want us to use …" is a choice offered, not a negation of the practice.
        var choices = f.Find("optin.optOutWeak");
        var reach = followEnumeration ? Math.Max(window, SeriesWindow) : window;
        foreach (var negation in PhraseSet.StartingBetween(f.Find("negation"), tokenIndex - reach - 2, tokenIndex - 1))
        {
            if (choices.Any(c => c.TokenStart <= negation.TokenStart && negation.TokenEnd <= c.TokenEnd) || negation.TokenEnd > tokenIndex
                || DescribesContent(f, negation, tokenIndex))
            {
                continue;
            }

            if ((tokenIndex - negation.TokenEnd <= window && !BreaksClause(f, negation.TokenEnd, tokenIndex))
                || (followEnumeration && InNegatedSeries(f, negation.TokenEnd, tokenIndex)))
            {
                return true;
            }
        }

        // "it will not use your content for use (i) in datasets …; (ii) in the development of AI programs": the items of
        // an enumeration share the negation of its lead-in, which may be longer than a clause's usual reach.
        var item = followEnumeration ? EnumerationBefore(f, tokenIndex) : -1;
        if (item > 0 && IsNegated(f, item, EnumerationLeadInWindow, followEnumeration: false))
        {
            return true;
        }

        // "your personal data is never handed to AI models in ways that …, such as by training them": an example shares
        // the negation of what it exemplifies.
        // "We do not share it for any purpose, including but not limited to model training": a longer marker ends as near.
        var example = followEnumeration ? PhraseSet.StartingBetween(f.Find("ai.exampleMarkers"), tokenIndex - ExampleMarkerReach, tokenIndex - 1)
            .FirstOrDefault(m => m.TokenEnd <= tokenIndex && m.TokenEnd >= tokenIndex - 3) : default;
        return example.TokenEnd > 0 && example.TokenStart > 0 && IsNegated(f, example.TokenStart, EnumerationLeadInWindow, followEnumeration: false);
    }

    /// <summary>
    /// "Some data sent to the Acme API may be used by Acme to train its models, in accordance with their terms of use",
    /// "Some providers may let you opt out, as described in their terms": a third party's own use, or its own way out,
    /// under its own terms, in a sentence where we do nothing.
    /// </summary>
    private static bool UnderTheirOwnTerms(SentenceFacts f) => f.Has("thirdParty.ownTerms") && !f.Has("optin.firstParty");

    /// <summary>
    /// "We may use your content that is not personal data to train …", "your recordings, which do not include your
    /// name, to train …", "we may use your notes that you have not marked private to train …": a negation in a
    /// relative clause after a content word describes that content when it closes with its own data words before the
    /// token, or when our use already took the content as its object; not "content that is not used to train …",
    /// which negates the use itself.
    /// </summary>
    private static bool DescribesContent(SentenceFacts f, PhraseMatch negation, int tokenIndex)
    {
        var grammar = f.Grammar;
        var i = negation.TokenStart - 1;
        for (var auxiliaries = 0; i > 0 && auxiliaries < NegatedSubjectReach && f.Between(i + 1, i + 1).IsWhiteSpace()
            && IsAuxiliary(grammar, f.Tokens[i], doSupport: true); auxiliaries++)
        {
            i--;
        }

        // "your voice memos that you have not deleted": the reader may be the relative clause's subject.
        var reader = f.Find("plain.reader");
        if (i > 0 && f.Between(i + 1, i + 1).IsWhiteSpace() && PhraseSet.StartingBetween(reader, i, i).Any(r => r.TokenEnd == i + 1))
        {
            i--;
        }

        if (i <= 0 || !grammar.RelativePronouns.Contains(f.Tokens[i].LowerSpan) || !f.Between(i + 1, i + 1).IsWhiteSpace())
        {
            return false;
        }

        // The noun is the reader's content: a content word ("your content", "AI Content"), or data words the reader owns
        // ("your voice clips"), not data in general ("information that is not personal information").
        var gap = f.Between(i, i).Trim();
        var data = f.Find("ai.dataTerms");
        if (!(gap.IsEmpty || gap is ",")
            || !(f.Find("ai.contentTerms").Exists(c => c.TokenEnd == i)
                || data.Exists(d => d.TokenEnd == i && reader.Exists(r => r.TokenStart < d.TokenStart && d.TokenStart - r.TokenStart <= ReaderNounReach))))
        {
            return false;
        }

        // "… that is not personal data to train": the relative clause closes with data words of its own. "We may use your
        // messages that are not marked private to train …": or the noun is already the object of our use, and the
        // relative clause's verb is no use ("content that is not used to train …" negates the use).
        var uses = f.Find("ai.useVerbs");
        return data.Exists(d => d.TokenStart >= negation.TokenEnd && d.TokenEnd <= tokenIndex)
            || (uses.Exists(u => u.TokenEnd <= i && i - u.TokenEnd <= UsedNounReach && !BreaksClause(f, u.TokenEnd, i) && !IsNegatedNear(f, u.TokenStart))
                && !StartsAt(uses, negation.TokenEnd) && !StartsAt(f.Find("ai.strongVerbs"), negation.TokenEnd));
    }

    /// <summary>How many words a used noun may have between the use verb and its relative pronoun ("use your recorded voice clips that …").</summary>
    private const int UsedNounReach = 5;

    /// <summary>How many words before its data word a noun's possessive may stand ("your recorded voice clips").</summary>
    private const int ReaderNounReach = 3;

    /// <summary>How far before the training word an example marker may start ("including but not limited to" is five words).</summary>
    private const int ExampleMarkerReach = 8;

    private const int SubjectNegationReach = 6;

    /// <summary>
    /// "Training of our models does not involve your data", "AI model training never uses customer content": the
    /// training is the sentence's subject and its verb is negated.
    /// </summary>
    private static bool SubjectNegated(SentenceFacts f, Anchor anchor)
    {
        var (start, end) = (anchor.Start, anchor.End);
        var data = f.Find("ai.dataTerms");
        if (start > 2 || (data.Count > 0 && data[0].TokenStart < start))
        {
            return false;
        }

        return PhraseSet.StartingBetween(f.Find("negation"), end, end + SubjectNegationReach).Any(n => !BreaksClause(f, end, n.TokenStart));
    }

    private const int SeriesWindow = 30;

    /// <summary>
    /// "We do not sell your data, share it with advertisers, or use it to train AI models": the token is in the last
    /// item of a series of at least three, joined by commas and a final "or"/"and", that the negation heads.
    /// </summary>
    private static bool InNegatedSeries(SentenceFacts f, int negationEnd, int tokenIndex)
    {
        if (tokenIndex - negationEnd > SeriesWindow)
        {
            return false;
        }

        var between = f.Between(negationEnd, tokenIndex);
        if (between.Contains(';') || between.Count(',') < 2)
        {
            return false;
        }

        var grammar = f.Grammar;
        var lastComma = -1;
        for (var i = negationEnd; i < tokenIndex; i++)
        {
            var word = f.Tokens[i].LowerSpan;
            var afterComma = AfterComma(f, i);
            if (grammar.ClauseBreakers.Contains(word)
                || (afterComma && grammar.ClauseStartsAfterComma.Contains(word) && !grammar.Coordinators.Contains(word)))
            {
                return false;
            }

            // "… analyse, or process your inputs for any purpose, including training …": an example does not end the series.
            lastComma = afterComma && !grammar.ExampleVerbStems.StartsAny(word) ? i : lastComma;
        }

        return lastComma > 0 && grammar.Coordinators.Contains(f.Tokens[lastComma].LowerSpan);
    }

    /// <summary>
    /// The token of the first inner enumerator ("(i)", "(a)", "(1)") in the 60 tokens before the token, or -1 (the search
    /// is bounded, so a long sentence costs no more per word than a short one).
    /// </summary>
    private static int EnumerationBefore(SentenceFacts f, int tokenIndex)
    {
        var text = f.Sentence.Text;
        if (tokenIndex <= 0 || tokenIndex > f.Tokens.Length)
        {
            return -1;
        }

        var limit = tokenIndex < f.Tokens.Length ? f.Tokens[tokenIndex].Start : text.Length;
        var from = f.Tokens[Math.Max(0, tokenIndex - 60)].Start;
        for (var open = text.IndexOf('(', from, limit - from); open >= 0; open = open + 1 < limit ? text.IndexOf('(', open + 1, limit - open - 1) : -1)
        {
            var close = text.IndexOf(')', open, Math.Min(6, text.Length - open));
            if (close > open + 1 && close - open <= 5 && IsEnumerator(text.AsSpan(open + 1, close - open - 1)))
            {
                var token = Array.FindIndex(f.Tokens, Math.Max(0, tokenIndex - 61), tokenIndex - Math.Max(0, tokenIndex - 61), t => t.Start > open);
                return token;
            }
        }

        return -1;
    }

    private static bool IsEnumerator(ReadOnlySpan<char> label) =>
        (label.Length == 1 && char.IsAsciiLetterLower(label[0])) || label.IndexOfAnyExcept("ivx") < 0 || label.IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsNegatedNear(SentenceFacts f, int tokenIndex)
    {
        foreach (var negation in PhraseSet.StartingBetween(f.Find("negation"), tokenIndex - 6, tokenIndex - 1))
        {
            // "If you aren't interested, you can opt out": a negation in a clause of its own negates nothing here.
            if (negation.TokenEnd <= tokenIndex && tokenIndex - negation.TokenEnd <= 4 && !f.Between(negation.TokenEnd, tokenIndex).Contains(','))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a ';', a comma and a word that starts a clause (", and", ", we"), or a comma and a clause-breaking
    /// conjunction (", but", ", while") separate two places (a new clause starts). ", or from …" adds a prepositional
    /// object to the same clause ("data from closed accounts, or from minors, to train …").
    /// </summary>
    private static bool BreaksClause(SentenceFacts f, int fromTokenEnd, int toTokenStart)
    {
        var between = f.Between(fromTokenEnd, toTokenStart);
        if (between.IsEmpty)
        {
            return false;
        }

        if (between.Contains(';'))
        {
            return true;
        }

        if (!between.Contains(','))
        {
            return false;
        }

        var grammar = f.Grammar;
        for (var i = fromTokenEnd; i < toTokenStart; i++)
        {
            var word = f.Tokens[i].LowerSpan;
            if (grammar.Coordinators.Contains(word) && AfterComma(f, i) && AsideEnd(f, i, toTokenStart) is var end and > 0)
            {
                // "does not use, or permit others to use, your inputs to train …": an aside that adds a verb to the first.
                i = end - 1;
                continue;
            }

            if (grammar.ClauseBreakers.Contains(word) || (grammar.ClauseStartsAfterComma.Contains(word) && AfterComma(f, i)
                && !(grammar.Coordinators.Contains(word) && i + 1 < toTokenStart && grammar.Prepositions.Contains(f.Tokens[i + 1].LowerSpan))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most words of an aside between commas that adds a verb (", or permit others to use,").</summary>
    private const int MaxAside = 6;

    /// <summary>
    /// The token after a short aside that opens with the coordinator at <paramref name="coordinator"/> and closes with a
    /// comma before <paramref name="limit"/>, holding no word that starts a clause of its own; 0 when there is none.
    /// </summary>
    private static int AsideEnd(SentenceFacts f, int coordinator, int limit)
    {
        var grammar = f.Grammar;
        for (var i = coordinator + 1; i < limit && i - coordinator <= MaxAside; i++)
        {
            if (AfterComma(f, i))
            {
                return i - coordinator >= 2 ? i : 0;
            }

            if (grammar.ClauseBreakers.Contains(f.Tokens[i].LowerSpan) || grammar.ClauseStartsAfterComma.Contains(f.Tokens[i].LowerSpan)
                || !f.Between(i, i).IsWhiteSpace())
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>", and": the token follows a comma and one space.</summary>
    private static bool AfterComma(SentenceFacts f, int tokenIndex)
    {
        var start = f.Tokens[tokenIndex].Start;
        return start >= 2 && f.Sentence.Text[start - 1] == ' ' && f.Sentence.Text[start - 2] == ',';
    }

    private static HashSet<string> TopicWords(SentenceFacts f, params string[] sets)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var match in f.Find(set))
            {
                words.Add(f.TextOf(match).ToLowerInvariant());
            }
        }

        return words;
    }

    private static List<string> Distinct(IEnumerable<string> items) =>
        items.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
